from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli.main import cli
from bot.config import ConfigError, load_config
from tests.support.paths import EXAMPLE_CONFIG

EXAMPLE = EXAMPLE_CONFIG


def _write(tmp_path: Path, mutate) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    mutate(data)
    p = tmp_path / "vaktbot.yml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


def test_example_config_is_valid_and_realistic() -> None:
    cfg = load_config(EXAMPLE)
    assert cfg.organisation.timezone == "Europe/Oslo" and cfg.organisation.locale == "nb"
    assert cfg.organisation.country == "NO"  # unquoted NO in YAML is read as false; we accept it
    assert [len(t.members) for t in cfg.teams] == [7, 7]
    assert cfg.rotation is not None and cfg.rotation.shift_weeks == 2
    assert 2 <= len(cfg.accounts) <= 3


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["organisation"].update(timezone="Europe/Osloo"), "organisation.timezone"),
        (lambda d: d["organisation"].update(locale="de"), "organisation.locale"),
        (lambda d: d["rotation"].update(shift_weeks=0), "rotation.shift_weeks"),
        (lambda d: d["digest"].update(daily_time="25:00"), "digest.daily_time"),
        (lambda d: d.update(unknown_key=1), "unknown_key: is not a known setting"),
        (lambda d: d["teams"][0].update(lead="nobody"), "teams.0.lead"),
        (lambda d: d["rotation"].update(teams=["team-1", "team-x"]), "rotation.teams.1"),
        (lambda d: d["rotation"].update(teams=[]), "rotation.teams: a rotation needs"),
        (lambda d: d.pop("people"), "people: is required"),
        (lambda d: d["rotation"]["opening_hours"].update(mon="17:00-08:00"), "end before"),
    ],
)
def test_config_errors_name_file_key_and_expectation(tmp_path: Path, mutate, expected) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, mutate)
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    text = str(exc.value)
    assert str(path) in text
    assert expected in text


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    def mutate(d):  # type: ignore[no-untyped-def]
        d["organisation"]["timezone"] = "Mars/Olympus"
        d["digest"]["weekly_time"] = "noon"
        d["moderation"]["batch_threshold"] = 0

    with pytest.raises(ConfigError) as exc:
        load_config(_write(tmp_path, mutate))
    assert len(exc.value.problems) == 3


def test_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("organisation: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)


def test_check_config_command_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["check-config", str(EXAMPLE)])
    assert ok.exit_code == 0, ok.output
    assert "OK" in ok.output
    broken = _write(tmp_path, lambda d: d["organisation"].update(timezone="Nowhere/Land"))
    res = runner.invoke(cli, ["check-config", str(broken)])
    assert res.exit_code == 2
    assert "organisation.timezone" in res.output and "Nowhere/Land" in res.output


def test_unreachable_database_is_one_clear_line(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(
        cli,
        [
            "tick",
            "--at",
            "2026-11-23T08:00",
            "--config",
            str(EXAMPLE),
            "--database",
            "postgresql://nobody@127.0.0.1:1/none",
        ],
    )
    assert res.exit_code == 3
    assert "cannot reach the database" in res.output
    assert "VAKTBOT_DATABASE_URL" in res.output


# --- one validation path: what `vaktbot run` would refuse, `check-config` refuses first --------


def _start_tuesday(d):  # type: ignore[no-untyped-def]
    d["rotation"]["start"] = "2026-01-06"


def _roster_without_people(d):  # type: ignore[no-untyped-def]
    d["rotation"]["on_call"]["rule"] = "roster"


def _saturday_opening_without_on_call(d):  # type: ignore[no-untyped-def]
    d["rotation"]["opening_hours"]["sat"] = "10:00-14:00"
    d["rotation"].pop("on_call")


def _impossible_closure_day(d):  # type: ignore[no-untyped-def]
    d["organisation"]["closure_days"] = ["2026-02-31"]


def _unknown_region(d):  # type: ignore[no-untyped-def]
    d["organisation"]["subdivision"] = "XX"


SLIPS = [
    (_start_tuesday, "rotation.start: 2026-01-06 is a Tuesday", "e.g. 2026-01-05"),
    (_roster_without_people, "rotation.on_call.roster:", "or use rule: lead"),
    (_saturday_opening_without_on_call, "rotation.opening_hours.sat:", "on_call.hours.sat"),
    (_impossible_closure_day, "organisation.closure_days.0:", "valid date"),
    (_unknown_region, "organisation.subdivision:", "no public-holiday calendar"),
]


@pytest.mark.parametrize(("mutate", "key", "hint"), SLIPS)
def test_check_config_refuses_what_run_would_refuse(tmp_path: Path, mutate, key, hint) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "vaktbot.yml"
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    mutate(data)
    # dates stay text, as an admin types them (an unquoted 2026-02-31 is not a YAML date)
    text = yaml.safe_dump(data, allow_unicode=True).replace("'2026-02-31'", "2026-02-31")
    path.write_text(text, encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(cli, ["check-config", str(path)])
    assert checked.exit_code == 2
    assert key in checked.output and hint in checked.output
    assert (
        "Traceback" not in checked.output
        and checked.exception is None
        or isinstance(checked.exception, SystemExit)
    )
    db = tmp_path / "db.sqlite"
    ran = runner.invoke(
        cli,
        [
            "tick",
            "--at",
            "2026-12-07T08:00",
            "--config",
            str(path),
            "--database",
            f"sqlite:///{db}",
        ],
    )
    assert ran.exit_code == 2 and key in ran.output
    assert not db.exists()  # refused before the database was touched
