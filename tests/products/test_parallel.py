"""Builds shared among processes (--jobs): the same bytes, the same messages in the same order,
and nothing left behind when stopped, however many processes do the work."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cardgen.errors import DeckError, DeckErrors, Position
from cardgen.products import parallel
from cardgen.products.fitting import PARALLEL_CARDS
from support.paths import ROOT

BUNDLED = ROOT / "decks" / "harm-reduction.yaml"
WORDS = ("listen", "morning", "kitchen", "together", "patience", "answer", "quiet", "honest",
         "worry", "laughter", "promise", "window", "garden", "letter", "river", "question")


def generated_deck(folder: Path, cards: int, too_long: tuple[int, ...] = ()) -> Path:
    """A deck of `cards` prompts of varied words and one helpline in twenty, each with a
    web address of its own (so every QR code differs); the prompts numbered in
    `too_long` do not fit a card."""
    lines = ["title: Generated", "language: en", "region: US", "prompts:"]
    helplines = []
    for number in range(cards):
        words = " ".join(WORDS[(number * 7 + k * 3) % len(WORDS)] for k in range(5 + number % 9))
        if number in too_long:
            words = " ".join([words] * 60)
        if number % 20 == 19:
            helplines.append(number)
        else:
            lines.append(f"  - text: What does {words} mean to you, card {number}?")
    lines.append("resources:")
    for number in helplines:
        lines += [f"  - name: Helpline {number}",
                  f"    url: https://help{number}.example.org/line/{number * 37}",
                  "    note: Free and confidential, day and night."]
    path = folder / "generated.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def outputs(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def build(cli_run, tmp_path: Path, name: str, *args: object):
    out = tmp_path / name
    result = cli_run("build", *args, "-o", out, cwd=tmp_path)
    return result, out


FORMATS = ("--format", "cards", "--format", "booklet", "--format", "shop",
           "--format", "images", "--dpi", "72")


@pytest.mark.parametrize("deck", ["bundled", "generated"])
def test_two_jobs_make_the_same_bytes_as_one(cli_run, tmp_path, deck):
    path = BUNDLED if deck == "bundled" else generated_deck(tmp_path, PARALLEL_CARDS + 160)
    one, out_one = build(cli_run, tmp_path, "one", path, *FORMATS, "--jobs", "1")
    two, out_two = build(cli_run, tmp_path, "two", path, *FORMATS, "--jobs", "2")
    assert (one.exit_code, two.exit_code) == (0, 0), one.output + two.output
    made = outputs(out_one)
    assert len([name for name in made if name.endswith(".png")]) > 100
    assert outputs(out_two) == made
    assert two.output.replace("/two/", "/one/") == one.output


def test_card_sheets_alone_are_the_same_bytes_with_every_card_fitted_in_workers(cli_run,
                                                                                 tmp_path,
                                                                                 monkeypatch):
    # Card sheets alone take their faces as workers hand them over, while drawing.
    import cardgen.products.fitting

    started = []

    def counted(jobs, batches):
        started.append(parallel.workers(jobs, batches))
        return started[-1]

    monkeypatch.setattr(cardgen.products.fitting, "workers", counted)
    path = generated_deck(tmp_path, PARALLEL_CARDS + 400)
    one, out_one = build(cli_run, tmp_path, "one", path, "--format", "cards", "--jobs", "1")
    two, out_two = build(cli_run, tmp_path, "two", path, "--format", "cards", "--jobs", "2")
    assert (one.exit_code, two.exit_code) == (0, 0)
    assert outputs(out_two) == outputs(out_one)
    assert "(200 pages, 800 cards)" in two.output  # 760 prompts and 40 helplines
    assert started == [0, 2]


def test_cards_that_do_not_fit_are_said_once_each_in_deck_order_whatever_the_jobs(cli_run,
                                                                                  tmp_path):
    path = generated_deck(tmp_path, PARALLEL_CARDS + 400, too_long=(3, 250, 251, 700))
    said = []
    for jobs in ("1", "2"):
        for formats in (("--format", "cards"), ("--format", "cards", "--format", "shop")):
            result, out = build(cli_run, tmp_path, f"out{jobs}", path, *formats, "--jobs", jobs)
            assert result.exit_code == 1
            assert not out.exists()
            said.append(result.output)
    assert len(set(said)) == 1
    lines = [line for line in said[0].splitlines() if "does not fit" in line]
    assert len(lines) == 4
    assert [int(line.split(":")[1]) for line in lines] == sorted(
        int(line.split(":")[1]) for line in lines)
    assert "card 3?" not in said[0] and "prompt 4 does not fit" in lines[0]


def test_several_decks_say_the_same_in_the_same_order_with_two_jobs(cli_run, tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    for name in ("harm-reduction.yaml", "self-care.yaml", "harm-reduction.es.yaml"):
        (decks / name).write_bytes((ROOT / "decks" / name).read_bytes())
    (decks / "broken.yaml").write_text("title: Broken\nprompts:\n  - text: [\n", encoding="utf-8")
    one, out_one = build(cli_run, tmp_path, "one", "--jobs", "1")
    two, out_two = build(cli_run, tmp_path, "two", "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert two.output.replace("two/", "one/") == one.output
    assert one.output.count("broken.yaml:") == 1
    assert [line.split()[1] for line in one.output.splitlines() if line.startswith("wrote")] \
        == [f"{out_one}/{name}" for name in (
            "harm-reduction.es-cards.pdf", "harm-reduction.es-booklet.pdf",
            "harm-reduction-cards.pdf", "harm-reduction-booklet.pdf",
            "self-care-cards.pdf", "self-care-booklet.pdf")]
    assert outputs(out_two) == outputs(out_one)


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_jobs_must_be_a_whole_number_from_one(cli_run, tmp_path, value):
    result = cli_run("build", BUNDLED, "--jobs", value, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "Invalid value for '--jobs'" in result.output
    assert not (tmp_path / "out").exists()


def test_jobs_in_cardgen_yaml_is_read_and_a_bad_one_said_at_its_line(cli_run, tmp_path):
    (tmp_path / "cardgen.yaml").write_text("paper: a4\njobs: 0\n", encoding="utf-8")
    result = cli_run("build", BUNDLED, cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output == ("cardgen.yaml:2:7: `jobs`: should be a whole number of "
                             "processes, 1 or more (1: one at a time)\n")
    (tmp_path / "cardgen.yaml").write_text("jobs: 2\n", encoding="utf-8")
    from cardgen.products.options import load_config
    assert load_config(tmp_path).options.jobs == 2


def test_results_come_back_in_the_order_the_work_was_given():
    squares = list(parallel.ordered(lambda number: number * number, range(40), 2))
    assert squares == [number * number for number in range(40)]


def test_the_dearest_work_starts_first_and_results_keep_their_order(tmp_path):
    """With guessed costs, one worker takes the items dearest first (a long deck started
    last would run alone at the end), and the results still come in the items' order."""
    log = tmp_path / "started"

    def work(name: str) -> str:
        with log.open("a", encoding="utf-8") as started:
            started.write(name + "\n")
        return name.upper()

    names = ["en", "es", "zh", "ar", "self-care"]
    costs = [17, 20, 131, 77, 17]
    assert list(parallel.ordered(work, names, 1, costs)) == ["EN", "ES", "ZH", "AR", "SELF-CARE"]
    assert log.read_text(encoding="utf-8").split() == ["zh", "ar", "es", "en", "self-care"]


def test_a_chinese_deck_is_guessed_dearer_than_a_longer_latin_one(tmp_path):
    from cardgen.products.build import guessed_cost

    (tmp_path / "zh.yaml").write_text("prompts:\n  - text: 你最近怎么样？\n" * 20, encoding="utf-8")
    (tmp_path / "en.yaml").write_text("prompts:\n  - text: How have you been?\n" * 40,
                                      encoding="utf-8")
    assert guessed_cost(tmp_path / "zh.yaml") > guessed_cost(tmp_path / "en.yaml")
    assert guessed_cost(tmp_path / "gone.yaml") == 0


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_or_a_pipe_is_guessed_to_cost_nothing_and_never_read(tmp_path, device):
    """Guessing reads a deck as its loading does: a device never ends, a pipe with no
    writer never answers (the build then says what each is)."""
    from cardgen.products.build import guessed_cost

    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    assert guessed_cost(Path(device)) == 0
    assert guessed_cost(pipe) == 0


def test_a_worker_s_deck_errors_arrive_whole_at_their_item():
    problem = DeckErrors([DeckError(Position("d.yaml", 3, 5), "too long", "shorten it")])

    def work(number: int) -> int:
        if number == 7:
            raise problem
        return number

    got = []
    with pytest.raises(DeckErrors) as raised:
        for number in parallel.ordered(work, range(20), 2):
            got.append(number)
    assert got == list(range(7))
    assert str(raised.value) == "d.yaml:3:5: too long\n  hint: shorten it"
    assert raised.value.errors[0].where == Position("d.yaml", 3, 5)


def test_a_worker_that_dies_stops_the_work_with_a_message_rather_than_a_hang():
    """A worker killed before it hands back its work (the kernel's out-of-memory killer,
    say) ends the build with a message; multiprocessing's Pool waited for it forever."""

    def work(number: int) -> int:
        if number == 5:
            os._exit(9)  # as a killed process ends: no exception, no answer
        return number

    got = []
    with pytest.raises(parallel.WorkerLost) as raised:
        for number in parallel.ordered(work, range(20), 2):
            got.append(number)
    assert got == list(range(5))
    assert str(raised.value) == ("a worker process ended before finishing its work "
                                 "(out of memory?); try again with --jobs 1")


def test_a_build_whose_worker_is_killed_says_so_and_writes_nothing(cli_run, tmp_path,
                                                                   monkeypatch):
    from cardgen.products import fitting

    fit = fitting._sendable

    def killed_at_card_600(maker, card):
        if card.number == "600":
            os._exit(9)  # as the out-of-memory killer ends a process
        return fit(maker, card)

    monkeypatch.setattr(fitting, "_sendable", killed_at_card_600)
    path = generated_deck(tmp_path, PARALLEL_CARDS + 400)
    result, out = build(cli_run, tmp_path, "out", path, "--format", "cards", "--jobs", "2")
    assert (result.exit_code, result.output) == (
        1, "a worker process ended before finishing its work (out of memory?); try again with "
           "--jobs 1\n")
    assert not out.exists()


def test_workers_are_ended_once_the_results_are_no_longer_wanted():
    results = parallel.ordered(lambda number: number, range(100), 2)
    assert next(results) == 0
    [crew] = parallel._RUNNING
    processes = list(crew.processes)
    assert all(process.is_alive() for process in processes)
    results.close()  # the generator dropped: its workers go with it
    assert not parallel._RUNNING
    assert [process.exitcode for process in processes] == [-signal.SIGTERM] * 2


@pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="Linux's pipe sizes")
def test_a_worker_s_pipe_holds_the_batches_it_runs_ahead():
    """A worker goes on to its next batch while the main process draws: its pipe holds
    AHEAD batches of faces (64 KB, a pipe's default, holds two)."""
    results = parallel.ordered(lambda number: number, range(10), 2)
    assert next(results) == 0
    [crew] = parallel._RUNNING
    sizes = [fcntl.fcntl(pipe.fileno(), fcntl.F_GETPIPE_SZ) for pipe in crew.pipes]
    results.close()
    assert sizes == [parallel.PIPE_BYTES] * 2


def test_one_job_or_one_batch_starts_no_worker():
    assert parallel.workers(1, 100) == 0
    assert parallel.workers(4, 1) == 0
    assert parallel.workers(4, 3) == 3
    assert parallel.workers(None, 100) == min(parallel.usable_cores(), 100) or \
        parallel.usable_cores() == 1


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _building_with_workers(tmp_path: Path) -> tuple[subprocess.Popen, list[int]]:
    """A build of a big deck with two jobs, running in a process of its own, once it has
    started its two workers (their process ids)."""
    path = generated_deck(tmp_path, 6000)
    build = subprocess.Popen(
        [sys.executable, "-m", "cardgen", "build", str(path), "--format", "cards", "--jobs",
         "2", "-o", str(tmp_path / "out")], cwd=tmp_path, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while len(workers) < 2 and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        workers = _children(build.pid)
    assert len(workers) == 2, "the build never started its workers"
    return build, workers


def test_ctrl_c_ends_every_worker_and_writes_nothing(tmp_path):
    build, workers = _building_with_workers(tmp_path)
    path, out = tmp_path / "generated.yaml", tmp_path / "out"
    build.send_signal(signal.SIGINT)
    _, stderr = build.communicate(timeout=60)
    # What Click says of Ctrl+C during a command, as a build with one job does.
    assert (build.returncode, stderr) == (1, b"\nAborted!\n")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [path]
    for worker in workers:
        assert not Path(f"/proc/{worker}").exists() or \
            "Z" in Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_a_build_killed_alone_leaves_no_worker_waiting(tmp_path):
    """`kill` of the main process alone (SIGTERM: no Ctrl+C to the group) ends its
    workers too: the pipe they take work from ends with it."""
    build, workers = _building_with_workers(tmp_path)
    build.send_signal(signal.SIGTERM)
    build.communicate(timeout=60)
    assert build.returncode == -signal.SIGTERM
    assert not (tmp_path / "out").exists()
    deadline = time.monotonic() + 60  # a worker ends once its batch is done
    while any(_running(worker) for worker in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(worker) for worker in workers)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
