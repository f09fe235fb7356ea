"""A loopback Testpress admin list for the export benchmark, run in its own process (so it
does not share the measured client's interpreter lock).

``python benchmarks/_paged_server.py PAGES PER_PAGE LATENCY`` prints its port, then answers
``GET /api/v2.5/admin/attempts/?...&page=N`` with page N of PAGES pages of PER_PAGE admin
attempts, after sleeping LATENCY seconds (in the request's own thread: requests overlap).
DRF's envelope: ``count``, ``per_page``, and ``next`` / ``previous`` links that keep the
request's other parameters. Keep-alive, ``Cache-Control: no-store``. Standard library only.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

START = datetime(2024, 1, 8, 3, 30, tzinfo=timezone.utc)


def admin_attempt(index: int) -> dict[str, object]:
    """One realistic admin-list attempt (the shape of the documented example)."""
    started = START + timedelta(minutes=7 * index, seconds=index % 53, milliseconds=index % 997)
    taken = 600 + (index * 37) % 4800
    correct, incorrect = 10 + index % 21, index % 9
    running = index % 17 == 0
    return {
        "id": 900_000 + index,
        "date": started.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "exam_id": 4100 + index % 12,
        "user_id": 20_000 + index % 1500,
        "email": f"student{index % 1500}@example.com",
        "name": f"Student {index % 1500}",
        "phone": None,
        "correct_answers_count": correct,
        "incorrect_answers_count": incorrect,
        "unanswered_count": 40 - correct - incorrect,
        "score": f"{correct * 4 - incorrect:.2f}",
        "percentage": round(100 * correct / 40),
        "time_taken": f"{taken // 3600}:{taken // 60 % 60:02d}:{taken % 60:02d}",
        "remaining_time": "0:00:00" if not running else "1:10:00",
        "result": "Not taken" if running else ("Pass" if correct >= 20 else "Fail"),
        "state": "Running" if running else "Completed",
        "last_started_time": started.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "last_answer_updated_time": (started + timedelta(seconds=taken)).isoformat(),
        "speed": 0,
        "exam_url": f"https://demo.testpress.in/api/v2.5/admin/exams/{4100 + index % 12}/",
        "user_url": f"https://demo.testpress.in/api/v2.5/admin/users/{20_000 + index % 1500}/",
    }


def serve(pages: int, per_page: int, latency: float) -> None:
    """Answer the pages on 127.0.0.1 (a free port, printed) until killed."""
    records = [
        [admin_attempt((page - 1) * per_page + i) for i in range(per_page)]
        for page in range(1, pages + 1)
    ]
    count = pages * per_page

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            params = dict(parse_qsl(url.query))
            page = int(params.get("page", "1"))
            origin = f"http://{self.headers['Host']}{url.path}"

            def link(number: int) -> str | None:
                if not 1 <= number <= pages:
                    return None
                return f"{origin}?{urlencode({**params, 'page': number})}"

            time.sleep(latency)
            body = json.dumps(
                {
                    "count": count,
                    "next": link(page + 1),
                    "previous": link(page - 1),
                    "per_page": per_page,
                    "results": records[page - 1] if 1 <= page <= pages else [],
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]))
