"""Suggestion → apply → revert changes and then restores what the translator writes."""

from __future__ import annotations

from pathlib import Path

from scenec.knowledge.learning.overlay import apply_suggestion, revert_suggestion
from scenec.knowledge.learning.store import NewSuggestion, open_store
from scenec.knowledge.learning.suggest import refresh
from scenec.lang.translate import translate
from scenec.recording import record_run


def subject_notes(prompt: str, home: Path) -> list[str]:
    return [d.note for d in translate(prompt, data_dir=home).decisions if d.field == "subject"]


def test_a_word_the_translator_keeps_guessing_is_learned_and_unlearned(tmp_path: Path) -> None:
    prompt = "a truk on the beach"
    before = translate(prompt, data_dir=tmp_path)
    assert any("'truk' is unknown" in note for note in subject_notes(prompt, tmp_path))
    for seed in (1, 2):  # two runs in which the translator fell back to the nearest object
        t = translate(prompt, seed=seed, data_dir=tmp_path)
        assert record_run(home=tmp_path, kind="generate", prompt=prompt, source_text=t.text,
                          decisions=t.decisions) is not None
    store = open_store(tmp_path)
    (found,) = refresh(store, tmp_path)
    assert found.title == "keyword `truk` unmapped in 2 prompts: map to `truck`"
    assert found.change == {"file": "learned_words.yaml",
                            "entries": {"truk": {"kind": "object", "value": "truck", "prompt": prompt}}}

    apply_suggestion(store, found.id, tmp_path, by="tester")
    learned = translate(prompt, data_dir=tmp_path)
    assert learned.decisions != before.decisions
    assert not any("unknown" in note for note in subject_notes(prompt, tmp_path))  # now a known word
    assert "truck(" in learned.text

    revert_suggestion(store, found.id, tmp_path, by="tester")
    restored = translate(prompt, data_dir=tmp_path)
    assert (restored.text, restored.decisions) == (before.text, before.decisions)


def test_an_applied_mapping_changes_the_drawing_and_revert_restores_it(tmp_path: Path) -> None:
    prompt = "a zorblat on the beach"
    before = translate(prompt, data_dir=tmp_path).text
    assert "truck(" not in before  # a labelled figure stands in for the unknown word
    store = open_store(tmp_path)
    change = {"file": "learned_words.yaml", "entries": {"zorblat": {"kind": "object", "value": "truck"}}}
    sid, _ = store.upsert_suggestion(NewSuggestion("keyword", "zorblat", "map zorblat to truck", change,
                                                   ("by hand",), (), {}, "keyword:zorblat:truck"))
    apply_suggestion(store, sid, tmp_path, by="tester")
    overlay = (tmp_path / "knowledge" / "learned_words.yaml").read_text()
    assert overlay.startswith(f"# scenec learn: suggestion {sid} applied by tester at ")
    assert "truck(" in translate(prompt, data_dir=tmp_path).text
    revert_suggestion(store, sid, tmp_path, by="tester")
    assert translate(prompt, data_dir=tmp_path).text == before
    assert not (tmp_path / "knowledge" / "learned_words.yaml").exists()
