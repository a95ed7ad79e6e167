"""Work the dashboard skips when a check changes nothing it shows: a plan whose film is unchanged
(only the source positions moved) is not unpickled again nor given to the plan views, the problems list is not rebuilt for the same
problems, and the preview does not repaint the same picture."""

from __future__ import annotations

import pickle
from pathlib import Path

from scenec.tui.check_service import CheckReply
from scenec.tui.widgets.diagnostics_panel import DiagnosticsPanel
from scenec.tui.widgets.frame_preview import FramePreview
from scenec.tui.widgets.plan_tree import PlanTree
from scenec.tui.work import CheckOutcome
from tests.tui.conftest import SIZE, build_app, settle


def test_a_reply_reuses_the_plan_unpickled_before_when_its_bytes_are_the_same() -> None:
    bare = CheckOutcome((), None, "a.scene", 0.0)
    plan = {"frames": 24}
    data = pickle.dumps(plan)
    earlier = ({"frames": 24},)  # equal, but another object: a reuse keeps this one
    assert CheckReply(bare, data, None).outcome((data, earlier[0])).plan is earlier[0]
    other = pickle.dumps({"frames": 48})
    assert CheckReply(bare, other, None).outcome((data, earlier[0])).plan == {"frames": 48}
    assert CheckReply(bare, data, None).outcome().plan == plan
    assert CheckReply(bare, None, None).outcome((data, earlier[0])).plan is None


async def test_an_edit_that_leaves_the_plan_leaves_the_views_and_problems_alone(scene_file: Path,
                                                                              tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        tree, panel, preview = app.query_one(PlanTree), app.query_one(DiagnosticsPanel), app.query_one(FramePreview)
        nodes, plan = list(tree.root.children), preview.plan
        summary = panel.query_one("#summary")
        assert plan is not None and nodes
        repaints = []
        original = preview.refresh
        preview.refresh = lambda *a, **k: (repaints.append(1), original(*a, **k))[1]
        drawn = app.outcome
        app.editor.insert("  // a note\n", (1, 0))  # a comment: the same plan, the same (no) problems
        await settle(app, pilot)
        assert app.outcome is not drawn, "the edit was checked"
        fresh = app.outcome.plan  # where each layer came from moved a line down; the film did not change
        assert fresh.source_map != plan.source_map and fresh.source_hash != plan.source_hash
        assert fresh.segments is plan.segments, "the same film bytes: the film unpickled before is kept"
        assert preview.plan is plan, "the views were not handed the same film again"
        assert list(tree.root.children) == nodes and all(a is b for a, b in zip(tree.root.children, nodes))
        assert panel.query_one("#summary") is summary and "no problems" in panel.summary
        assert repaints == [], "the preview repainted a picture it already showed"
        # a change to the film: every view follows
        row = 14  # `    layer bg: gradient(from: black, to: teal)`, below the comment
        column = app.editor.document.get_line(row).index("teal")
        app.editor.replace("navy", (row, column), (row, column + 4))
        await settle(app, pilot)
        assert preview.plan is not plan and app.outcome.plan is preview.plan
        assert app.outcome.plan.segments is not plan.segments
        assert preview.frame == 0 and preview.image is not None
        assert repaints == [], "frame 0 (shot one) was drawn again the same: no repaint"
        await pilot.press("f4", "end")  # the last frame, in shot two: a new picture is painted
        await settle(app, pilot)
        assert preview.frame == plan.frames - 1 and repaints
        assert not any(a is b for a, b in zip(tree.root.children, nodes)), "the tree shows the new plan"
        # the same problems twice: the list is built once
        options, cleared = panel.query_one("#problems"), []
        clear = options.clear_options
        options.clear_options = lambda: (cleared.append(1), clear())[1]
        outcome = CheckOutcome(app.outcome.diagnostics, None, app.outcome.path, 0.0, note="checked again")
        panel.show(outcome)
        panel.show(CheckOutcome(app.outcome.diagnostics, None, app.outcome.path, 2.0, note="checked again"))
        assert cleared == [1]
        panel.show(CheckOutcome(app.outcome.diagnostics, None, app.outcome.path, 2.0, note="something else"))
        assert cleared == [1, 1] and "something else" in panel.summary
