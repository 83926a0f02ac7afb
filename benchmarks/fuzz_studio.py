"""Fuzzing the studio (`cardgen serve`) as a hostile program on this machine would: odd paths,
lying headers, broken save bodies, slow, half-sent and idle connections.

The studio's server runs in this process, on a free 127.0.0.1 port, serving a small project:
decks/deck.yaml, decks/link.yaml (a link to real/deck.yaml), decks/turned.yaml (which a
probe now and then turns into a folder), decks/folder.yaml (a folder), and secret.txt
files inside and beside the project. Every probe is one connection to it (or a crowd of
them), bounded in bytes and in seconds; while it runs, sys.stderr (where the server's
threads print a bug's traceback) is read. A probe is a finding when

    the server prints a traceback;
    a request sent whole gets no answer: the connection closes without one, or none
    comes within ANSWER s;
    the answer is a 500;
    the answer gives away what it must not: a secret file's words, or a 200 for a foreign
    Host or Origin, or for a save without the page's token;
    a file is damaged: a deck's bytes change when the request should not change them,
    a save answered 200 did not write what it sent, a link saved through is no longer a
    link, a `.bak` is emptied, or a folder is listed as a deck;
    the studio stops answering (a plain request after the probe gets no answer), or an
    idle connection is still held open after IDLE s (it holds a thread).

Probe N of a seed is always the same request; what it finds can depend on the probes
before it (a save changes the deck), so `--replay` runs it alone on a fresh studio.
"""

from __future__ import annotations

import io
import json
import random
import re
import resource
import select
import shutil
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from cardgen.products.formats import DOWNLOADS
from cardgen.studio.routes import MAX_SAVE
from cardgen.studio.server import Studio
from cardgen.studio.view import digest

ANSWER = 5.0  # seconds a request sent whole may wait for its answer
BUILD = 30.0  # ... or a download, which builds a PDF
IDLE = 60.0  # seconds an idle connection may be held open (as long as a CLI run may take)
MAX_IDLE = 20  # idle connections kept open at once
MEMORY = 500 * 2 ** 20  # bytes the fuzzer may grow to while the studio runs in it
SECRET = "fuzz-secret-7c1d"  # the words of the files the studio must never serve

DECK = """\
title: Fuzzed studio deck
language: en
intro: Sit in a circle and take turns.
prompts:
  - text: What helps you on a hard day?
    topic: Opening
  - What do you wish we talked about more?
reframes:
  - instead: "Why can't you just stop?"
    try: "I'm glad you're here. Can we talk?"
quotes:
  - text: "You are where you are for very complex and personal reasons."
    by: Andrew Tatarsky
"""

# Markers in a probe's bytes, replaced when it is sent (the port, token and deck's
# version are known only then).
PORT, TOKEN, BASE, LENGTH = b"@@PORT@@", b"@@TOKEN@@", b"@@BASE@@", b"@@LENGTH@@"
HOST = b"127.0.0.1:" + PORT
ORIGIN = b"http://" + HOST

PATHS = (
    "/", "/d/deck/", "/d/deck", "/d/deck/events", "/static/studio.css", "/static/studio.js",
    "/static/icon.svg", *(f"/d/deck/download/{name}" for name in DOWNLOADS),
    "/d/deck/picture/" + "0" * 32 + ".png", "/d/link/", "/d/folder/", "/d/turned/", "/d/nope/",
    "/d/folder/download/cards", "/d/link/events", "/../../etc/passwd", "/static/../../secret.txt",
    "/static/..%2f..%2fsecret.txt", "/static/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/static/%252e%252e%252fsecret.txt", "/d/..%2f..%2fsecret/", "/d/%2e%2e/save",
    "/static/studio.css%00.txt", "/static/studio.css/", "//static/studio.css",
    "/static//studio.css", "/static/STUDIO.CSS", "/static/studio.css?x=1#y",
    "/d/deck/picture/../../../secret.txt", "/d/deck/download/../../secret.txt",
    "/d/deck%2fdownload%2fcards", "/%ff%fe/", "/%c0%ae%c0%ae/secret.txt", "/\\..\\secret.txt",
    "/d/deck/;x", "/d/%64%65%63%6b/", "/d/deck/save", "/d/../secret.txt", "*", "",
    "/static/page/studio.html", "/d/deck/picture/%2e%2e%2fsecret.txt.png",
    "http://127.0.0.1:@@PORT@@/", "http://evil.example/d/deck/", "/d/deck/events?" + "a" * 3000,
    "/d/\u00e9/", "/d/deck\u202e/", "/d/deck/\x00", "/d/ deck/", "/d/deck/download/cards\r\n",
)
METHODS = ("GET",) * 12 + ("POST",) * 3 + ("HEAD", "PUT", "DELETE", "OPTIONS", "TRACE",
                                          "CONNECT", "get", "GET\x00", "X" * 300, "PATCH")
VERSIONS = ("HTTP/1.1",) * 10 + ("HTTP/1.0", "HTTP/2.0", "HTTP/1.1 extra", "FOO/1.1",
                                  "HTTP/9.9", "HTTP/1.10000000000000000000")
# Hosts that name another site (DNS rebinding), which must be refused, and odd forms.
FOREIGN_HOSTS = (b"evil.example:" + PORT, b"127.0.0.1:" + PORT + b".evil.example",
                 b"127.0.0.1:1", b"127.0.0.1", b"[::1]:" + PORT, b"0x7f.1:" + PORT,
                 b"2130706433:" + PORT, b"127.0.0.1@evil.example:" + PORT, b"", b"x" * 70000,
                 b"127.0.0.1:+" + PORT,
                 b"evil.example:" + PORT + b", 127.0.0.1:" + PORT, b"\xff\xfe:" + PORT)
ODD_HOSTS = (b"LOCALHOST:" + PORT, b" 127.0.0.1:" + PORT + b" ", b"localhost:" + PORT,
             b"127.0.0.1:0" + PORT, b"localhost.:" + PORT)
FOREIGN_ORIGINS = (b"http://evil.example", b"null", b"http://127.0.0.1:" + PORT + b".evil",
                   b"https://127.0.0.1:" + PORT, b"http://localhost:1", b"file://", b"x" * 9000)
TEXTS = ("", " ", "a" * 5000, "title: x\nprompts: [hi]\n", "title: [unclosed\n", "\x00\x01",
         "\u202e!dlrow", "e\u0301\u0301", "\U0001F642" * 50, "line\r\nbreaks\r\n", "*" * 100,
         "title: a\nprompts:\n" + "  - x\n" * 300, "&a [*a, *a, *a]", "\ufeffBOM", "\x85\u2028")


@dataclass(frozen=True)
class Probe:
    """One request (or a few connections) to the studio, as bytes with markers in them."""

    number: int
    kind: str  # path, host, header, save, slow, partial, idle, crowd, link, turned
    what: str  # for the report
    request: bytes = b""  # the whole request: head and body
    good_save: str | None = None  # a save that should go through: the text it writes
    deck: str = "deck"  # the deck a save goes to
    refused: bool = False  # a 200 would be a finding (foreign Host or Origin, no token)
    simple: bool = False  # an HTTP/0.9 request: answered without a status line
    pace: float = 0.0  # seconds between the pieces of a slow request
    cut: int | None = None  # send this many bytes, then hang up
    idle: bool = False  # send the request, then leave the connection open
    short: bool = False  # the body is shorter than its Content-Length: the server may wait
    crowd: int = 0  # connections opened at once, each sending half a request line
    download: bool = False  # the answer builds a PDF, so it may take longer


@dataclass
class Outcome:
    """What one probe got back, and what is wrong with it."""

    probe: Probe
    status: int | None  # the answer's status; None for none
    seconds: float
    problem: str | None = None
    stderr: str = ""
    detail: str = ""
    cause: str = ""  # the kind of finding, when it is not the probe's own (the index)
    surface: str = field(default="studio", init=False)

    @property
    def number(self) -> int:
        return self.probe.number

    @property
    def label(self) -> str:
        return self.probe.kind

    @property
    def result(self) -> str:
        return f"status {self.status}" if self.status is not None else "no status"

    @property
    def signature(self) -> str:
        """Where a traceback ends (the last cardgen frame and the exception), else the problem
        and the kind of probe."""
        first = (self.problem or "").split("; ")[0]
        if first == "traceback":
            frames = re.findall(r'File "([^"]+)", line (\d+), in (\S+)', self.stderr)
            ours = [f for f in frames if "/cardgen/" in f[0]] or frames
            errors = re.findall(r"(?m)^([A-Za-z_.]+(?:Error|Exception|Exit|\.error))\b",
                                self.stderr)
            if ours:
                path, line, function = ours[-1]
                error = errors[-1] if errors else ""
                return f"{Path(path).name}:{line} in {function}: {error}"
        return f"{self.cause or self.probe.kind}: {re.sub(r' [(].*[)]$', '', first)}"

    def save(self, folder: Path) -> Path:
        """The probe's bytes, the answer and the server's output, in `folder`/studio-NUMBER."""
        place = folder / f"studio-{self.probe.number:06d}"
        shutil.rmtree(place, ignore_errors=True)
        place.mkdir(parents=True)
        (place / "request.bin").write_bytes(self.probe.request)
        (place / "probe.txt").write_text(
            f"# {self.probe.kind}: {self.probe.what}\n# {self.problem}\n# {self.result} after "
            f"{self.seconds:.2f} s; {self.detail}\n", encoding="utf-8")
        (place / "stderr.txt").write_text(self.stderr, encoding="utf-8")
        return place


# --- making probes ---------------------------------------------------------------------


def make_probe(seed: int, number: int, kinds: tuple[str, ...] | None = None) -> Probe:
    """Probe `number` of `seed`: always the same request (of one of `kinds`, if given)."""
    rng = random.Random(f"studio-{seed}-{number}")
    weights = {"path": 6, "host": 3, "header": 4, "save": 9, "slow": 1, "partial": 2,
               "idle": 1, "crowd": 0.15, "link": 0.5, "turned": 0.5}
    names = [name for name in weights if kinds is None or name in kinds]
    kind = rng.choices(names, [weights[name] for name in names])[0]
    return _MAKERS[kind](rng, number)


def _head(method: bytes, path: bytes, headers: list[bytes], version: bytes = b"HTTP/1.1") -> bytes:
    return b"\r\n".join([method + b" " + path + b" " + version, *headers, b"", b""])


def _path_probe(rng: random.Random, number: int) -> Probe:
    path = rng.choice(PATHS)
    if rng.random() < 0.1:
        path = "/" + rng.choice(("a", "%2e", "d/", "../")) * rng.choice((100, 3000, 70000))
    method, version = rng.choice(METHODS), rng.choice(VERSIONS)
    headers = [b"Host: " + HOST]
    body = b""
    if method == "POST" and rng.random() < 0.5:
        body = b'{"text": "", "base": ""}'
        headers += [b"Content-Length: " + LENGTH]
    raw = path.encode("utf-8")
    if rng.random() < 0.3 and raw.startswith(b"/"):
        raw = raw.replace(b"e", b"\xe9", 1)  # a byte that is not UTF-8 in the request line
    simple = rng.random() < 0.05
    if simple:  # HTTP/0.9: no version, no headers, and no status line in the answer
        request = b"GET " + raw + b"\r\n\r\n"  # the stdlib reads headers even then
    else:
        request = _head(method.encode("latin-1"), raw, headers, version.encode()) + body
    what = f"{method[:12]!r} {path[:60]!r} {version}"
    return Probe(number, "path", what, request, simple=simple,
                 download="/download/" in path and method == "GET")


def _host_probe(rng: random.Random, number: int) -> Probe:
    path = rng.choice((b"/", b"/d/deck/", b"/static/studio.js", b"/d/deck/events",
                       b"/d/deck/download/cards", b"/d/deck/save"))
    host, origin, refused = b"Host: " + HOST, None, False
    roll = rng.random()
    if roll < 0.5:
        chosen = rng.choice(FOREIGN_HOSTS)
        host, refused = b"Host: " + chosen, True
        what = f"Host {chosen[:40]!r}"
    elif roll < 0.65:
        chosen = rng.choice(ODD_HOSTS)
        host, what = b"Host: " + chosen, f"Host {chosen!r}"
    elif roll < 0.75:
        host, refused, what = None, True, "no Host"
    elif roll < 0.85:
        host, refused, what = b"Host: " + HOST + b"\r\nHost: evil.example:" + PORT, True, "two"
    else:
        origin = rng.choice(FOREIGN_ORIGINS)
        refused, what = True, f"Origin {origin[:40]!r}"
    headers = [host] if host else []
    if origin:
        headers.append(b"Origin: " + origin)
    method = b"GET"
    body = b""
    if path.endswith(b"/save"):
        method, body = b"POST", b'{"text": "title: x\\n", "base": "' + BASE + b'"}'
        headers += [b"Origin: " + ORIGIN] if origin is None else []
        headers += [b"X-Cardgen-Token: " + TOKEN, b"Content-Type: application/json",
                    b"Content-Length: " + LENGTH]
    return Probe(number, "host", f"{what} {path.decode()}", _head(method, path, headers) + body,
                 good_save="title: x\n" if body and not refused else None, refused=refused,
                 download=b"download" in path)


def _header_probe(rng: random.Random, number: int) -> Probe:
    path = rng.choice((b"/", b"/static/studio.css", b"/d/deck/save", b"/d/deck/"))
    headers = [b"Host: " + HOST]
    body = b""
    save = path.endswith(b"/save")
    if save:
        headers += [b"Origin: " + ORIGIN, b"X-Cardgen-Token: " + TOKEN,
                    b"Content-Type: application/json"]
        body = b'{"text": "title: x\\n", "base": "0"}'
    how = rng.choice(("huge", "many", "length", "length", "length", "fold", "nul", "latin",
                      "nocolon", "chunked", "expect", "space"))
    if how == "huge":
        headers.append(b"X-Big: " + b"a" * rng.choice((8000, 65000, 70000, 300000)))
    elif how == "many":
        headers += [b"X-%d: y" % i for i in range(rng.choice((99, 101, 1000, 5000)))]
    elif how == "length":
        lie = rng.choice((b"-1", b"abc", b"1e3", b"99999999999999999999", b"0x10", b" 5",
                          b"5, 6", b"", b"3", b"1000", b"+4", b"\xd9\xa5"))
        headers.append(b"Content-Length: " + lie)
        if rng.random() < 0.3:
            headers.append(b"Content-Length: 2")
        # With a longer length than the body, the server rightly waits for the rest: that
        # request is judged by how long the connection is held, as an idle one.
        return Probe(number, "header", f"Content-Length {lie!r} on {path.decode()}",
                     _head(b"POST" if save else b"GET", path, headers) + body,
                     short=lie == b"1000")
    elif how == "fold":
        headers.append(b"X-Folded: a\r\n b")
    elif how == "nul":
        headers.append(b"X-Nul: a\x00b")
    elif how == "latin":
        headers.append(b"X-Latin: \xe9\xff\xfe")
    elif how == "nocolon":
        headers.append(b"Not a header")
    elif how == "chunked":
        headers.append(b"Transfer-Encoding: chunked")
        body = b"5\r\nhello\r\n0\r\n\r\n"
        return Probe(number, "header", f"chunked {path.decode()}",
                     _head(b"POST" if save else b"GET", path, headers) + body)
    elif how == "expect":
        headers.append(b"Expect: 100-continue")
    elif how == "space":
        headers.append(b"X-Space : a")
    if body:
        headers.append(b"Content-Length: " + LENGTH)
    return Probe(number, "header", f"{how} on {path.decode()}",
                 _head(b"POST" if save else b"GET", path, headers) + body)


def _save_body(rng: random.Random) -> tuple[bytes, str | None, str]:
    """A save's body, the text it writes if it is a good save, and what it is."""
    roll = rng.random()
    if roll < 0.3:
        text = rng.choice(TEXTS)
        if rng.random() < 0.5:
            text = DECK.replace("What helps you on a hard day?", text.replace("\n", " "))
        body = json.dumps({"text": text, "base": "@@BASE@@"}, ensure_ascii=rng.random() < 0.5)
        return body.encode("utf-8", "surrogatepass"), text, f"good save of {text[:30]!r}"
    choices = {
        "lone surrogate in text": lambda: b'{"text": "title: a\\ud800b\\n", "base": "@@BASE@@"}',
        "lone low surrogate": lambda: b'{"text": "\\udfff", "base": "@@BASE@@"}',
        "surrogate in base": lambda: b'{"text": "title: x\\n", "base": "\\ud800"}',
        "raw surrogate bytes": lambda: b'{"text": "\xed\xa0\x80", "base": "@@BASE@@"}',
        "deep [": lambda: b"[" * rng.choice((1000, 100_000, 1_000_000)),
        "deep text [": lambda: b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "deep {": lambda: b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        "huge": lambda: b" " * (MAX_SAVE + 1),
        "huge text": lambda: b'{"text": "' + b"a" * (MAX_SAVE - 200) + b'", "base": "0"}',
        "not UTF-8": lambda: b'{"text": "\xff\xfe\xe9", "base": "@@BASE@@"}',
        "UTF-16": lambda: '{"text": "x", "base": "0"}'.encode("utf-16"),
        "BOM": lambda: b'\xef\xbb\xbf{"text": "title: x\\n", "base": "@@BASE@@"}',
        "text a number": lambda: b'{"text": 5, "base": "@@BASE@@"}',
        "text null": lambda: b'{"text": null, "base": "@@BASE@@"}',
        "text a list": lambda: b'{"text": ["a"], "base": "@@BASE@@"}',
        "base a list": lambda: b'{"text": "x", "base": []}',
        "a list": lambda: b'["text", "base"]',
        "a string": lambda: b'"text"',
        "nothing": lambda: b"",
        "empty object": lambda: b"{}",
        "NaN": lambda: b'{"text": NaN, "base": Infinity}',
        "1e999": lambda: b'{"text": "x", "base": 1e999}',
        "long number": lambda: b'{"text": "x", "base": ' + b"9" * 5000 + b"}",
        "two texts": lambda: b'{"text": "title: a\\n", "text": 5, "base": "@@BASE@@"}',
        "stale base": lambda: b'{"text": "title: stale\\n", "base": "' + b"0" * 64 + b'"}',
        "cut short": lambda: b'{"text": "title: a\\n", "ba',
    }
    name = rng.choice(sorted(choices))
    return choices[name](), None, name


def _save_probe(rng: random.Random, number: int) -> Probe:
    body, text, what = _save_body(rng)
    headers = [b"Host: " + HOST, b"Origin: " + ORIGIN, b"X-Cardgen-Token: " + TOKEN,
               b"Content-Type: application/json", b"Content-Length: " + LENGTH]
    refused = False
    if rng.random() < 0.25:  # a save that must be refused, whatever its body
        how = rng.choice(("wrong token", "no token", "a longer token", "foreign Origin",
                          "no Origin", "not JSON"))
        if how == "wrong token":
            headers[2] = b"X-Cardgen-Token: " + rng.choice((b"", b"x", b"\xe9" * 43, b"a" * 9000))
        elif how == "a longer token":
            headers[2] = b"X-Cardgen-Token: " + TOKEN + b"x"
        elif how == "foreign Origin":
            headers[1] = b"Origin: " + rng.choice(FOREIGN_ORIGINS)
        elif how == "not JSON":
            headers[3] = b"Content-Type: " + rng.choice((b"text/plain", b"application/jsonx",
                                                         b"multipart/form-data", b""))
        else:
            del headers[1 if how == "no Origin" else 2]
        refused, text = True, None
        what += f", refused: {how}"
    return Probe(number, "save", what, _head(b"POST", b"/d/deck/save", headers) + body,
                 good_save=text, refused=refused)


def _slow_probe(rng: random.Random, number: int) -> Probe:
    """A request sent in a few pieces over a second or two: it must still be answered."""
    path = rng.choice((b"/static/studio.css", b"/d/deck/", b"/d/deck/save"))
    headers = [b"Host: " + HOST]
    body = b""
    if path.endswith(b"save"):
        headers += [b"Origin: " + ORIGIN, b"X-Cardgen-Token: " + TOKEN,
                    b"Content-Type: application/json", b"Content-Length: " + LENGTH]
        body = b'{"text": "title: slow\\nprompts: [a]\\n", "base": "' + BASE + b'"}'
    pace = rng.choice((0.05, 0.1, 0.3))
    return Probe(number, "slow", f"{path.decode()} in pieces every {pace} s",
                 _head(b"POST" if body else b"GET", path, headers) + body,
                 good_save="title: slow\nprompts: [a]\n" if body else None, pace=pace)


def _partial_probe(rng: random.Random, number: int) -> Probe:
    """Half a request, then the client hangs up: nothing to answer, nothing to print."""
    body = b'{"text": "title: half\\n", "base": "' + BASE + b'"}'
    request = _head(b"POST", b"/d/deck/save",
                    [b"Host: " + HOST, b"Origin: " + ORIGIN, b"X-Cardgen-Token: " + TOKEN,
                     b"Content-Type: application/json", b"Content-Length: " + LENGTH]) + body
    cut = rng.randrange(1, len(request) - 1)
    return Probe(number, "partial", f"a save cut after {cut} bytes", request, cut=cut)


def _idle_probe(rng: random.Random, number: int) -> Probe:
    start = rng.choice((b"", b"G", b"GET / HTTP/1.1\r\n", b"GET / HTTP/1.1\r\nHost: " + HOST))
    return Probe(number, "idle", f"connection left open after {start[:20]!r}", start, idle=True)


def _crowd_probe(rng: random.Random, number: int) -> Probe:
    crowd = rng.choice((20, 60, 150))
    return Probe(number, "crowd", f"{crowd} connections sending half a request line", b"GET /",
                 crowd=crowd)


def _link_probe(rng: random.Random, number: int) -> Probe:
    text = "title: saved through the link\nprompts: [hi]\n"
    body = json.dumps({"text": text, "base": "@@BASE@@"}).encode()
    request = _head(b"POST", b"/d/link/save",
                    [b"Host: " + HOST, b"Origin: " + ORIGIN, b"X-Cardgen-Token: " + TOKEN,
                     b"Content-Type: application/json", b"Content-Length: " + LENGTH]) + body
    return Probe(number, "link", "a save of decks/link.yaml -> ../real/deck.yaml", request,
                 good_save=text, deck="link")


def _turned_probe(rng: random.Random, number: int) -> Probe:
    empty = rng.random() < 0.5  # the page last saw the folder, read as no bytes
    base = digest(b"") if empty else "@@BASE@@"
    body = json.dumps({"text": "title: over a folder\n", "base": base}).encode()
    request = _head(b"POST", b"/d/turned/save",
                    [b"Host: " + HOST, b"Origin: " + ORIGIN, b"X-Cardgen-Token: " + TOKEN,
                     b"Content-Type: application/json", b"Content-Length: " + LENGTH]) + body
    what = "a save over decks/turned.yaml, now a folder, from a page that saw " + (
        "no bytes" if empty else "the file")
    return Probe(number, "turned", what, request, deck="turned")


_MAKERS = {"path": _path_probe, "host": _host_probe, "header": _header_probe,
           "save": _save_probe, "slow": _slow_probe, "partial": _partial_probe,
           "idle": _idle_probe, "crowd": _crowd_probe, "link": _link_probe,
           "turned": _turned_probe}
KINDS = tuple(_MAKERS)


# --- talking to the studio --------------------------------------------------------------


@dataclass
class Reply:
    status: int | None = None  # the final status, or None
    head: bytes = b""
    body: bytes = b""
    received: bytes = b""  # everything, for a request with no status line (HTTP/0.9)
    closed: bool = False  # the server hung up
    error: str = ""  # what the client met: a reset, a timeout
    seconds: float = 0.0


def exchange(port: int, data: bytes, wait: float, pace: float = 0.0,
             pieces: int = 1) -> Reply:
    """Send `data` (in `pieces`, `pace` s apart) and read the first answer, for at most
    `wait` s after the last byte. Sending stops as soon as the server answers or hangs up
    (as when it refuses a body too large), so its answer is read, not lost in a reset."""
    reply = Reply()
    start = time.monotonic()
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=wait)
    except OSError as error:
        reply.error = f"cannot connect: {error}"
        return reply
    with sock:
        sock.setblocking(False)
        size = max(1, -(-len(data) // pieces))
        chunks = [data[i:i + size] for i in range(0, len(data), size)] or [b""]
        for i, chunk in enumerate(chunks):
            if i and pace:
                time.sleep(pace)
            if not _send(sock, chunk, start + wait + pace * len(chunks), reply):
                break
        _read(sock, time.monotonic() + wait, reply)
    reply.seconds = time.monotonic() - start
    return reply


def _send(sock: socket.socket, chunk: bytes, deadline: float, reply: Reply) -> bool:
    """Send a chunk unless the server speaks first; False when sending should stop."""
    while chunk:
        left = deadline - time.monotonic()
        if left <= 0:
            reply.error = "could not send within the time"
            return False
        readable, writable, _ = select.select([sock], [sock], [], left)
        if readable:
            return False
        if writable:
            try:
                chunk = chunk[sock.send(chunk[:65536]):]
            except OSError as error:
                reply.error = f"sending: {error.strerror or error}"
                return False
    return True


def _read(sock: socket.socket, deadline: float, reply: Reply) -> None:
    data = b""
    while time.monotonic() < deadline:
        readable, _, _ = select.select([sock], [], [], max(0.0, deadline - time.monotonic()))
        if not readable:
            break
        try:
            got = sock.recv(65536)
        except OSError as error:
            reply.error = f"reading: {error.strerror or error}"
            break
        if not got:
            reply.closed = True
            break
        data += got
        reply.received = data
        if _complete(data, reply):
            return
    else:
        reply.error = reply.error or "no answer within the time"
    if reply.status is None and not reply.closed and not reply.error:
        reply.error = "no answer within the time"
    _complete(data, reply)


def _complete(data: bytes, reply: Reply) -> bool:
    """Whether `data` holds a whole final answer (its status and body are noted)."""
    while True:
        end = data.find(b"\r\n\r\n")
        if end < 0:
            return False
        head, rest = data[:end], data[end + 4:]
        match = re.match(rb"HTTP/\d\.\d (\d{3})", head)
        if not match:
            return False
        status = int(match[1])
        if 100 <= status < 200:  # 100 Continue: the answer comes after it
            data = rest
            continue
        reply.status, reply.head = status, head
        length = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head)
        if length:
            reply.body = rest[:int(length[1])]
            return len(rest) >= int(length[1])
        reply.body = rest
        return b"text/event-stream" in head.lower()  # a stream never ends: its head will do


# --- the studio under test --------------------------------------------------------------


class _Errors(io.TextIOBase):
    """sys.stderr while the studio runs: what its threads print, kept to be read."""

    def __init__(self) -> None:
        self.text = ""
        self._lock = threading.Lock()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        with self._lock:
            self.text += text
        return len(text)

    def take(self) -> str:
        """What was printed since the last take."""
        with self._lock:
            text, self.text = self.text, ""
        return text


class Target:
    """A studio serving a small project on a free loopback port, and what a probe may damage."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="cardgen-fuzz-studio-"))
        here = self.here = self.folder / "project"
        (here / "decks").mkdir(parents=True)
        (here / "real").mkdir()
        (here / "decks" / "folder.yaml").mkdir()
        for secret in (self.folder / "secret.txt", here / "secret.txt"):
            secret.write_text(SECRET + "\n", encoding="utf-8")
        self._reset()
        self.errors = _Errors()
        self.studio = Studio(None, here, port=0)
        self.studio.start()
        self.idlers: list[tuple[socket.socket, float, Probe]] = []  # socket, opened, probe
        self.lock = threading.Lock()

    def _reset(self, which: str | None = None) -> None:
        """Put the decks back as they were (all of them, or the one a probe changed)."""
        decks = self.here / "decks"
        if which in (None, "deck"):
            (decks / "deck.yaml").write_text(DECK, encoding="utf-8")
        if which in (None, "link"):
            (self.here / "real" / "deck.yaml").write_text(DECK, encoding="utf-8")
            link = decks / "link.yaml"
            if link.is_symlink() or link.exists():
                link.unlink()
            link.symlink_to("../real/deck.yaml")
            (self.here / "real" / "deck.yaml.bak").unlink(missing_ok=True)
            (decks / "link.yaml.bak").unlink(missing_ok=True)
        if which in (None, "turned"):
            turned = decks / "turned.yaml"
            if turned.is_dir():
                shutil.rmtree(turned)
            turned.write_text(DECK, encoding="utf-8")
            (decks / "turned.yaml.bak").write_text(DECK, encoding="utf-8")

    def files(self) -> dict[str, bytes | str | None]:
        """Every file a probe may damage: its bytes, "link" or "folder", or None if missing."""
        state: dict[str, bytes | str | None] = {}
        for path in sorted((self.here / "decks").iterdir()) + sorted(
                (self.here / "real").iterdir()):
            name = str(path.relative_to(self.here))
            if path.is_symlink():
                state[name] = "link"
            elif path.is_dir():
                state[name] = "folder"
            else:
                state[name] = path.read_bytes()
        return state

    def fill(self, probe: Probe) -> bytes:
        """The probe's bytes with this studio's port, token and the deck's version."""
        deck = {"deck": "decks/deck.yaml", "link": "real/deck.yaml",
                "turned": "decks/turned.yaml"}[probe.deck]
        path = self.here / deck
        base = digest(path.read_bytes()) if path.is_file() else digest(b"")
        data = (probe.request.replace(PORT, str(self.studio.port).encode())
                .replace(TOKEN, self.studio.token.encode()).replace(BASE, base.encode()))
        head, sep, body = data.partition(b"\r\n\r\n")
        return head.replace(LENGTH, str(len(body)).encode()) + sep + body

    def close(self) -> None:
        for sock, _, _ in self.idlers:
            sock.close()
        self.studio.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- one probe ------------------------------------------------------------------

    def run(self, probe: Probe) -> Outcome:
        """Send one probe and judge what came of it. While it runs, sys.stderr is read: the
        server's threads print a bug's traceback there."""
        with self.lock:
            printing, sys.stderr = sys.stderr, self.errors
            try:
                return self._run(probe)
            finally:
                sys.stderr = printing

    def _run(self, probe: Probe) -> Outcome:
        request = self.fill(probe)
        if probe.kind == "turned":  # the page has loaded the deck; now it becomes a folder
            turned = self.here / "decks" / "turned.yaml"
            turned.unlink()
            turned.mkdir()
        before = self.files()
        start = time.monotonic()
        outcome = Outcome(probe, None, 0.0)
        wait = BUILD if probe.download else ANSWER
        if probe.crowd:
            outcome.problem = self._crowd(probe, outcome)
        elif probe.idle:  # left open, looked at again by later probes
            if len(self.idlers) >= MAX_IDLE:
                self.idlers.pop(0)[0].close()
            sock = socket.create_connection(("127.0.0.1", self.studio.port), timeout=ANSWER)
            sock.sendall(request)
            self.idlers.append((sock, time.monotonic(), probe))
        elif probe.cut is not None:
            with socket.create_connection(("127.0.0.1", self.studio.port), timeout=ANSWER) as s:
                s.sendall(request[:probe.cut])
        else:
            if probe.short:  # the server rightly waits for the rest: a second will do
                wait = 1.0
            reply = exchange(self.studio.port, request, wait, probe.pace, 6 if probe.pace else 1)
            outcome.status = reply.status
            outcome.detail = reply.error or ("hung up" if reply.closed else "")
            if reply.status == 500:
                outcome.detail = reply.body[:300].decode("utf-8", "replace")
            outcome.problem = self._judge(probe, reply)
            if outcome.problem and "listed as a deck" in outcome.problem:
                outcome.cause = "index"  # any request for the index finds it
        time.sleep(0.02)  # a handler that has answered may still be finishing
        outcome.seconds = time.monotonic() - start
        problems = [self._traceback(outcome), self._damage(probe, outcome.status, before),
                    outcome.problem, self._still_answering(probe), self._grown()]
        outcome.problem = "; ".join(problem for problem in problems if problem) or None
        if outcome.problem is None:  # else the next probe looks at the idle connections
            outcome.problem = self._idle_held(outcome)
        if probe.kind in ("link", "turned") or (probe.good_save is not None and len(
                (self.here / "decks" / "deck.yaml").read_bytes()) > 50_000):
            self._reset(probe.deck)
        return outcome

    def _judge(self, probe: Probe, reply: Reply) -> str | None:
        if probe.simple:  # HTTP/0.9 gets the body alone, or the connection closed
            return None if reply.received or reply.closed else "no answer to an HTTP/0.9 request"
        if reply.status is None:
            if probe.short:
                return None  # the server is waiting for the body it was promised: see "idle"
            if reply.received:
                return None  # the stdlib answers a request line it cannot read as HTTP/0.9
            if reply.closed:
                return "connection closed without an answer" + (
                    f" ({reply.error})" if reply.error else "")
            return f"no answer within {BUILD if probe.download else ANSWER:g} s ({reply.error})"
        if reply.status == 500:
            return "answered 500"
        if SECRET.encode() in reply.body:
            return "a secret file was served"
        if probe.refused and reply.status < 300:
            return f"answered {reply.status} to a request it must refuse"
        if reply.status == 200 and b'href="/d/folder/"' in reply.body:
            return "decks/folder.yaml, a folder, is listed as a deck"
        return None

    def _traceback(self, outcome: Outcome) -> str | None:
        printed = self.errors.take()
        if printed.strip():
            outcome.stderr = printed
            if "Traceback" in printed:
                return "traceback"
        return None

    def _damage(self, probe: Probe, status: int | None, before: dict) -> str | None:
        """What the probe broke on the disk, as the kinds of probe promise it."""
        after = self.files()
        good = probe.good_save is not None and status == 200
        for name, was in before.items():
            replaced = good and name == "decks/deck.yaml.bak"  # now the version saved over
            if name.endswith(".bak") and was and after.get(name) == b"" and not replaced:
                return f"{name} was emptied"
        if probe.kind == "link":
            if after.get("decks/link.yaml") != "link":
                return "saving decks/link.yaml replaced the link with a file"
            if status == 200 and after.get("real/deck.yaml") != (probe.good_save or "").encode():
                return "saving decks/link.yaml did not write to the file it links to"
            return None
        if probe.kind == "turned":
            changed = [name for name in sorted(set(before) | set(after))
                       if name != "decks/turned.yaml" and before.get(name) != after.get(name)]
            return f"a save over a folder changed {', '.join(changed)}" if changed else None
        for name in sorted(set(before) | set(after)):
            if before.get(name) != after.get(name) and not (
                    good and name.startswith("decks/deck.yaml")):
                return f"{name} changed ({status} to a request that must not change it)"
        if good and after.get("decks/deck.yaml") != before.get("decks/deck.yaml"):
            text = probe.good_save or ""
            crlf = text.replace("\r\n", "\n").replace("\n", "\r\n")  # kept the file's endings
            if after.get("decks/deck.yaml") not in (text.encode(), crlf.encode()):
                return "a save answered 200 wrote other bytes than it was sent"
            if after.get("decks/deck.yaml.bak") != before.get("decks/deck.yaml"):
                return "a save's .bak is not the version it replaced"
        return None

    def _still_answering(self, probe: Probe) -> str | None:
        if probe.kind not in ("partial", "slow", "crowd", "idle", "header"):
            return None
        reply = exchange(self.studio.port, self.fill(Probe(0, "", "", _head(
            b"GET", b"/static/studio.css", [b"Host: " + HOST]))), ANSWER)
        if reply.status != 200:
            return f"the studio stopped answering ({reply.error or reply.status})"
        return None

    def _idle_held(self, outcome: Outcome) -> str | None:
        """An idle connection still open after IDLE s holds one of the server's threads."""
        now = time.monotonic()
        for entry in list(self.idlers):
            sock, opened, idle = entry
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:  # the server answered or hung up: as it should, in time
                sock.close()
                self.idlers.remove(entry)
            elif now - opened > IDLE:
                sock.close()
                self.idlers.remove(entry)
                outcome.detail = f"seen while probe {outcome.probe.number} ran"
                outcome.probe, outcome.status = idle, None  # the finding is the idle probe's
                return f"an idle connection was held open {IDLE:g} s"
        return None

    def _crowd(self, probe: Probe, outcome: Outcome) -> str | None:
        """Many connections that never finish their request line: the studio still answers."""
        threads = threading.active_count()
        crowd = []
        try:
            start = time.monotonic()
            for _ in range(probe.crowd):
                try:
                    sock = socket.create_connection(("127.0.0.1", self.studio.port), timeout=2)
                except OSError:
                    break
                sock.sendall(probe.request)
                crowd.append(sock)
            connecting = time.monotonic() - start
            time.sleep(0.2)
            held = threading.active_count() - threads
            outcome.detail = (f"{len(crowd)} connected in {connecting:.1f} s, "
                              f"{held} threads held")
            reply = exchange(self.studio.port, self.fill(Probe(0, "", "", _head(
                b"GET", b"/static/studio.css", [b"Host: " + HOST]))), ANSWER)
            outcome.status = reply.status
            if len(crowd) < probe.crowd:
                return "not every connection was accepted within 2 s"
            if connecting > ANSWER:  # connections wait for room in the listen backlog
                return f"the connections took over {ANSWER:g} s to be accepted"
            if reply.status != 200:
                return f"no answer while idle connections are open ({reply.error})"
            if held > 100:
                return "each idle connection holds a thread, past 100 of them"
            return None
        finally:
            for sock in crowd:
                sock.close()

    def _grown(self) -> str | None:
        """The studio's time is judged by its answers (ANSWER); its memory, here. (Its CPU is
        not: a look at the deck an earlier save started runs on while later probes do.)"""
        if resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 > MEMORY:
            return f"the fuzzer and its studio grew past {MEMORY / 2 ** 20:.0f} MB"
        return None


def replay(seed: int, number: int) -> Outcome:
    """Probe `number` alone, on a fresh studio (an idle one is looked at after IDLE s)."""
    target = Target()
    try:
        probe = make_probe(seed, number)
        outcome = target.run(probe)
        if probe.idle and outcome.problem is None:
            time.sleep(IDLE + 1)
            outcome.problem = target._idle_held(outcome)
        return outcome
    finally:
        target.close()
