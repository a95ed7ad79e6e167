"""scenec.knowledge.learning: the run store and what is learned from it.

- `store`: every render, generate and automate run in SQLite (`<data dir>/runs.db`, WAL,
  versioned by `migrations`), with the suggestions learned from them (`records` holds the rows);
- `aggregate`: runs per knowledge entry (palette, object, genre, style, time, weather) and
  per unmapped keyword: failed checks, brightness against target, ratings;
- `suggest`: concrete, evidenced overlay changes from those aggregates;
- `overlay`: apply a suggestion to the data directory's knowledge overlays and revert it exactly;
- `prompts` and `workflows`: what `scenec automate` runs unattended.

Nothing here renders or analyses video: that is `scenec.automation` and `scenec.measure`.
"""
