"""The compiled plan as a tree: segments, then their camera, grade and
layers, then each layer's tracks. Choosing a segment posts `ShotChosen`
with its first frame."""

from __future__ import annotations

from textual.widgets import Tree

from scenec.compiler.plan import Plan
from scenec.plan_view import _fmt
from scenec.tui.messages import ShotChosen


class PlanTree(Tree[int]):
    """Node data is the film frame a node stands for (None for details)."""

    DEFAULT_CSS = """
    PlanTree { border: none; padding: 0; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("no plan yet", **kwargs)
        self.show_root = True

    def show_plan(self, plan: Plan | None, title: str) -> None:
        expanded = {str(node.label) for node in self._expanded_segments()}
        self.clear()
        if plan is None:
            self.root.set_label("no plan: fix the errors first")
            return
        self.root.set_label(f"{title} · {plan.width}x{plan.height} · {plan.fps} fps · "
                            f"{plan.frames / plan.fps:.2f}s")
        self.root.data = 0
        for segment in plan.segments:
            label = (f"[bold cyan]{segment.name}[/] {segment.start_frame / plan.fps:.2f}s–"
                     f"{segment.end_frame / plan.fps:.2f}s")
            node = self.root.add(label, data=segment.start_frame)
            layers = node.add(f"layers ({len(segment.layers)})", data=segment.start_frame)
            for layer in segment.layers:
                leaf = layers.add(f"[green]{layer.id}[/] {layer.primitive}", data=segment.start_frame,
                                  allow_expand=bool(layer.tracks))
                for track in layer.tracks:
                    keys = " → ".join(f"{_fmt(k.value)}@{k.frame}" for k in track.keys[:3])
                    more = " …" if len(track.keys) > 3 else ""
                    leaf.add_leaf(f"[blue]{track.property}[/] {keys}{more}",
                                  data=segment.start_frame + (track.keys[0].frame if track.keys else 0))
            if str(node.label) in expanded:
                node.expand()
        self.root.expand()

    def _expanded_segments(self):
        return [node for node in self.root.children if node.is_expanded]

    def on_tree_node_selected(self, event: Tree.NodeSelected[int]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(ShotChosen(event.node.data))
