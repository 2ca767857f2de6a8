"""The demo's steps beyond the organisations and the cases: an app above
`cases` (which load_demo may not import) adds its own with add_demo_step in
its AppConfig.ready(), and load_demo runs them after the invented cases.

A step is called as step(organisations, today=..., by=...) and returns the
lines load_demo prints; run again on the same data it changes nothing."""

from collections.abc import Callable

_STEPS: list[Callable] = []


def add_demo_step(step: Callable) -> None:
    if step not in _STEPS:
        _STEPS.append(step)


def demo_steps() -> list[Callable]:
    return list(_STEPS)
