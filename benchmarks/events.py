"""Event coding figures: PLOVER type F1 on the dev records and the seed's article scores. Prints JSON.

    .venv/bin/python benchmarks/events.py      # from the project root; reads ../shared/eval
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
CLI = str(ROOT / ".venv" / "bin" / "mideast-analysis")


def _run(script: str, *args: str) -> dict:
    out = Path(tempfile.mkdtemp(prefix="events-")) / "score.json"
    subprocess.run([sys.executable, str(EVAL / script), *args, "--cli", CLI, "--json", str(out)],
                   check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.read_text())


def main() -> None:
    gsr = _run("score_events_gsr.py", str(EVAL / "events" / "plover_gsr_dev.jsonl"))
    seed = _run("score_articles.py", "--texts", str(EVAL / "articles"), "--gold", str(EVAL / "articles"))["summary"]
    print(json.dumps({"plover_dev": gsr, "seed": {k: seed[k] for k in ("ev_type", "ev_date", "ev_full")}}, indent=1))


if __name__ == "__main__":
    main()
