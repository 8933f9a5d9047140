"""``python -m partnerkg.graph [SEEDS_DIR [FILE.yaml ...]]``: compile the YAML sources and check every quote.

With no files, compiles the shipped sources; with files, compiles ``sources.yaml``, ``regions.yaml`` and
those files only. For people extending the graph: prints each problem with its file, line and entity.
Exits 0 when the sources compile and every quote is verbatim, 1 otherwise.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from rdflib import RDF

from partnerkg.errors import PartnerKGError
from partnerkg.graph.compiler import compile_sources, read_source_file, shipped_sources
from partnerkg.graph.quotes import check_quotes


def main(argv: list[str]) -> int:
    seeds = Path(argv[0]) if argv else Path.cwd().parent / "shared" / "seeds"
    try:
        sources = None
        if len(argv) > 1:
            base = [s for s in shipped_sources() if s[0].endswith(("/sources.yaml", "/regions.yaml"))]
            sources = base + [read_source_file(f) for f in argv[1:]]
        g = compile_sources(sources)
    except PartnerKGError as err:
        print(err, file=sys.stderr)
        return err.exit_code
    counts = Counter(g.qname(t) for t in g.objects(None, RDF.type))
    print(f"{len(g)} triples; " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if not seeds.is_dir():
        print(f"no source texts at {seeds}: quotes not checked", file=sys.stderr)
        return 0
    problems = check_quotes(g, seeds)
    for p in problems:
        print(p)
    print(f"{len(problems)} quote problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
