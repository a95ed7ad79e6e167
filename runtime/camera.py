"""The camera of a segment as an `Affine` per layer, and whether it ever moves.

`tracks.evaluate_camera` gives the camera's state at a local frame; here it
becomes the transform from plan pixels to (unscaled) screen pixels:
content is zoomed by `zoom` and turned by `roll_deg` (clockwise on screen)
about the focus, then offset by the pan and shake (fractions of the frame
size; positive moves the content right/down). A layer's `parallax` scales
only that offset: 0 pins it to the screen (a sky), 1 moves it with the
camera, more than 1 moves it faster (a foreground).
"""

from __future__ import annotations

from scenec.compiler.plan import CameraTrack, Track
from scenec.compiler.tracks import CameraState
from scenec.runtime.raster import Affine

__all__ = ["camera_affine", "camera_is_static", "track_is_constant"]


def track_is_constant(track: Track) -> bool:
    """Whether the track holds one value for all time."""
    first = track.keys[0].value
    return all(key.value == first for key in track.keys[1:])


def camera_is_static(camera: CameraTrack) -> bool:
    """Whether the camera shows the same view on every frame (and beyond the segment)."""
    tracks = (camera.pan_x, camera.pan_y, camera.zoom, camera.roll_deg)
    return not camera.shake and all(track_is_constant(track) for track in tracks)


def camera_affine(state: CameraState, parallax: float, width: float, height: float) -> Affine:
    """Plan pixels to screen pixels for a layer with `parallax`, for a frame of `width` x `height`."""
    focus = (state.center_x, state.center_y)
    view = Affine.rotate(state.roll_deg, about=focus) @ Affine.scale(state.zoom, about=focus)
    offset_x = parallax * (state.pan_x + state.shake_x) * width
    offset_y = parallax * (state.pan_y + state.shake_y) * height
    if offset_x == 0.0 and offset_y == 0.0:
        return view
    return Affine.translate(offset_x, offset_y) @ view
