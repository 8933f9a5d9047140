"""A rich progress display for the phases of reading and measuring a network (one bar per phase).

The measuring functions take ``progress(phase, done, total)`` callbacks (see
:data:`partnerkg.visualise.analytics.Progress`); :func:`phase_bars` turns them into bars on standard error.

>>> from rich.console import Console
>>> import io
>>> with phase_bars(Console(file=io.StringIO()), labels={"degree": "degree"}) as step:
...     step("degree", 1, 1)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

__all__ = ["PHASES", "phase_bars"]

#: The phases of ``analyse`` and what their bars say.
PHASES: dict[str, str] = {
    "reading": "reading the network",
    "projecting": "building the view",
    "degree": "degree",
    "betweenness": "betweenness (sampled sources)",
    "brokerage": "brokerage",
    "components": "components",
    "communities": "communities (Louvain)",
}


@contextlib.contextmanager
def phase_bars(console: Console, *, disable: bool = False,
               labels: Mapping[str, str] = PHASES) -> Iterator[object]:
    """A ``progress(phase, done, total)`` callable drawing one bar per phase on ``console`` while in the block."""
    columns = (TextColumn("{task.description:<32}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, disable=disable, transient=True) as bars:
        tasks: dict[str, TaskID] = {}

        def step(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                tasks[phase] = bars.add_task(labels.get(phase, phase), total=total)
            bars.update(tasks[phase], completed=done, total=total)

        yield step
