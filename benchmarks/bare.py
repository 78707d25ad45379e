"""A bare Flask "hello world", the yardstick for throughput.py (served with the same gunicorn.conf.py)."""

from flask import Flask

app = Flask(__name__, static_folder=None)


@app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
@app.route("/<path:path>", methods=["GET", "POST"])
def hello(path: str) -> str:
    """The same answer for every address and method."""
    return "Hello, World!"
