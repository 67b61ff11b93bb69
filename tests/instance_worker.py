"""One app instance for the multi-instance tests: an `Assistant` driven by JSON commands on stdin, one JSON reply
per line on stdout. Settings come from the environment (AMI_HOME, AMI_DATABASE_URL, AMI_CHROMA_URL, AMI_AS_OF)."""

from __future__ import annotations

import json
import sys


def main() -> None:
    """Read commands until stdin closes."""
    from assistant import Assistant
    from assistant.errors import AssistantError, ConflictError

    a = Assistant()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        cmd = json.loads(line)
        op = cmd["op"]
        try:
            if op == "index":
                out = a.index.ensure()
            elif op == "count":
                out = {"vectors": a.index.vector_store._collection.count(), "chunks": len(a.index.chunks()),
                       "records": a.index._record_count()}
            elif op == "ask":
                ans = a.ask(cmd["question"])
                out = {"origin": ans.origin, "answer": ans.answer, "kind": ans.kind}
            elif op == "add":
                out = a.bank.add_draft(cmd["question"], cmd["answer"], author=cmd.get("author", "")).model_dump()
            elif op == "get":
                out = a.bank.get(cmd["id"]).model_dump()
            elif op == "approve":
                out = a.bank.approve(cmd["id"], cmd["version"], cmd["author"]).model_dump()
            elif op == "write_loop":  # writes until killed; prints each committed entry
                i = 0
                while True:
                    e = a.bank.add_draft(f"Question en rafale {i} ?", "Réponse " + "x" * 2000, author="rafale")
                    e = a.bank.update(e.id, e.version, answer=f"Réponse modifiée {i}")
                    print(json.dumps({"committed": i, "id": e.id, "version": e.version}), flush=True)
                    i += 1
            else:
                out = {"error": f"unknown op {op}"}
            print(json.dumps({"ok": True, "result": out}, default=str), flush=True)
        except ConflictError as exc:
            print(json.dumps({"ok": False, "conflict": True, "error": str(exc)}), flush=True)
        except AssistantError as exc:
            print(json.dumps({"ok": False, "error": str(exc)}), flush=True)


if __name__ == "__main__":
    main()
