"""The served app's front door: nothing before sign-in, throttled guesses, sessions, CSRF."""

from pathlib import Path

import httpx
import pytest

from tests.apps import PRIYA, SAM, demo_coach_at, served
from ui.gate import SignInGate

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def app(demo_data_template, tmp_path_factory):
    coach = demo_coach_at(
        demo_data_template,
        tmp_path_factory.mktemp("door") / "data",
        signin_max_failures=5,
        signin_max_failures_per_address=8,
    )
    with served(coach) as demo:
        demo.peercoach = coach
        yield demo


RAVI = ("ravi", "ravi-demo-1")


def rules(app):
    [gate] = [m for m in app.server_app.user_middleware if m.cls is SignInGate]
    return gate.kwargs["rules"]


def login(app, who, **headers) -> httpx.Response:
    url = app.local_url + "login"
    return httpx.post(url, data={"username": who[0], "password": who[1]}, headers=headers)


def test_before_sign_in_the_page_shows_nothing_of_the_organisation(app):
    page = httpx.get(app.local_url).text
    secrets = ("Platform Engineering", "Customer Support", "missed-deadlines", "estimation")
    secrets += ("Raghunathan", "priya", "billing migration", "GROW model", "Knowledge")
    endpoints = ("find_peers", "Find colleagues and notes", '"named_endpoints": {"/')
    for secret in secrets + endpoints:
        assert secret not in page
    assert "auth_required" in page  # the sign-in page itself is served
    assert httpx.get(app.local_url + "openapi.json").status_code == 404
    assert httpx.get(app.local_url + "docs").status_code == 404
    for path in ("gradio_api/openapi.json", "gradio_api/info", "config"):
        assert httpx.get(app.local_url + path).status_code == 401, path


def test_signed_in_the_page_is_whole(app):
    cookies = login(app, PRIYA).cookies
    page = httpx.get(app.local_url, cookies=cookies).text
    assert "auth_required" not in page
    assert httpx.get(app.local_url + "config", cookies=cookies).status_code == 200


def test_a_cross_site_login_post_is_refused(app):
    refused = login(app, SAM, origin="http://evil.example")
    assert refused.status_code == 403
    assert login(app, SAM, referer="http://evil.example/form").status_code == 403
    host = app.local_url.split("//")[1].rstrip("/")
    assert login(app, SAM, origin=f"http://{host}").status_code == 200


def test_the_sixth_wrong_password_is_refused_even_when_right(app):
    victim = ("yuki", "yuki-demo-1")
    for _ in range(5):
        assert login(app, (victim[0], "guess-guess")).status_code == 400
    sixth = login(app, victim)
    assert sixth.status_code == 429
    assert "try again" in sixth.json()["detail"]
    assert login(app, ("ravi", "ravi-demo-1")).status_code == 200  # others still sign in


def test_one_address_guessing_many_accounts_is_refused(app):
    rules(app).throttle._failures.clear()
    for name in ("aisha", "amara", "diego", "fatima", "hannah", "jonas", "kwame", "lukas"):
        assert login(app, (name, "guess-guess")).status_code == 400
    assert login(app, ("sofia", "sofia-demo-1")).status_code == 429
    rules(app).throttle._failures.clear()


def test_sessions_expire_when_idle_and_after_their_lifetime(app):
    sessions = rules(app).sessions
    real = sessions._clock
    now = [real()]
    sessions._clock = lambda: now[0]
    try:
        cookies = login(app, SAM).cookies
        info = app.local_url + "gradio_api/info"
        assert httpx.get(info, cookies=cookies).status_code == 200
        now[0] += 59 * 60
        assert httpx.get(app.local_url, cookies=cookies).status_code == 200  # activity
        now[0] += 59 * 60
        assert httpx.get(info, cookies=cookies).status_code == 200  # within an hour of it
        now[0] += 61 * 60  # an hour and a minute without doing anything
        assert httpx.get(info, cookies=cookies).status_code == 401
        cookies = login(app, SAM).cookies
        for _ in range(14):  # 12 h 50 min
            now[0] += 55 * 60
            httpx.get(app.local_url, cookies=cookies)  # busy all day
        assert httpx.get(info, cookies=cookies).status_code == 401  # 12 hours at most
    finally:
        sessions._clock = real


def test_another_member_is_refused_a_cached_upload(app):
    sam, priya = login(app, SAM).cookies, login(app, PRIYA).cookies
    files = {"files": ("private-worry.md", b"# My worry\nSomething only I should read.\n")}
    [path] = httpx.post(app.local_url + "gradio_api/upload", files=files, cookies=sam).json()
    url = app.local_url + "gradio_api/file=" + path
    assert httpx.get(url, cookies=priya).status_code == 403
    assert httpx.get(url).status_code in (401, 403)
    assert "only I should read" in httpx.get(url, cookies=sam).text


def exported(button) -> Path:
    value = button.value
    return Path(value["path"] if isinstance(value, dict) else value)


def test_exports_are_their_owners_only_gone_once_downloaded_and_on_delete_user(app):
    import stat

    from tests.apps import as_user, tabs_of

    coach = app.peercoach
    rules(app).download_grace = 0  # the app waits a minute, for a client that fetches twice
    journal = tabs_of(coach).journal
    path = exported(journal.export(as_user("sam")))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    url = app.local_url + "gradio_api/file=" + str(path)
    assert httpx.get(url, cookies=login(app, PRIYA).cookies).status_code == 403
    assert httpx.get(url, cookies=login(app, SAM).cookies).status_code == 200
    assert not path.exists()  # downloaded: removed from the server
    again = exported(journal.export(as_user("sam")))
    coach.userdata.delete("sam")
    assert not again.exists()
    assert not again.parent.exists()


def ravi_uploads(app) -> str:
    files = {"files": ("private-worry.md", b"# My worry\nSomething only I should read.\n")}
    ravi = login(app, RAVI).cookies  # sam is deleted by the export test
    [path] = httpx.post(app.local_url + "gradio_api/upload", files=files, cookies=ravi).json()
    return str(path)


def test_another_member_is_refused_a_cached_upload_by_every_path_gradio_serves(app):
    path, priya = ravi_uploads(app), login(app, PRIYA).cookies
    for route in ("gradio_api/file=", "gradio_api/file/", "gradio_api/file=/tmp/.."):
        url = app.local_url + route + path
        assert "only I should read" in httpx.get(url, cookies=login(app, RAVI).cookies).text
        got = httpx.get(url, cookies=priya)
        assert got.status_code == 403, route
        assert "only I should read" not in got.text, route


def test_another_member_cannot_submit_a_cached_upload_as_their_own(app):
    path, priya = ravi_uploads(app), login(app, PRIYA).cookies
    config = httpx.get(app.local_url + "config", cookies=priya).json()
    [upload] = [d["id"] for d in config["dependencies"] if d.get("api_name") == "upload"]
    stolen = [{"path": path, "orig_name": "mine.md", "meta": {"_type": "gradio.FileData"}}]
    inputs = [stolen, "private"]
    join = {"data": inputs, "fn_index": upload, "session_hash": "s1h2", "trigger_id": 1}
    joined = httpx.post(app.local_url + "gradio_api/queue/join", json=join, cookies=priya)
    assert joined.status_code == 403
    for route in ("gradio_api/call/upload", "gradio_api/run/upload", "gradio_api/api/upload"):
        called = httpx.post(app.local_url + route, json={"data": inputs}, cookies=priya)
        assert called.status_code == 403, route
    assert "My worry" not in [n["title"] for n in app.peercoach.library.mine("priya")]


def test_a_cached_upload_keeps_its_owner_after_a_restart(app):
    from assistant.people.uploads import UploadOwners

    path, priya = ravi_uploads(app), login(app, PRIYA).cookies
    running = rules(app).uploads
    rules(app).uploads = UploadOwners(running.path)  # what a restarted app reads from the data dir
    try:
        got = httpx.get(app.local_url + "gradio_api/file=" + path, cookies=priya)
        assert got.status_code == 403
        assert "only I should read" not in got.text
    finally:
        rules(app).uploads = running


def test_delete_user_removes_their_cached_uploads(app):
    lukas = login(app, ("lukas", "lukas-demo-1")).cookies
    files = {"files": ("night-shift.md", b"# Night shift\nWhat I have not told anyone yet.\n")}
    [path] = httpx.post(app.local_url + "gradio_api/upload", files=files, cookies=lukas).json()
    assert Path(path).exists()
    app.peercoach.userdata.delete("lukas")
    assert not Path(path).exists()
    assert not Path(path).parent.exists()
    assert "lukas" not in app.peercoach.uploads.path.read_text()
    assert Path(rules(app).uploads.path) == app.peercoach.uploads.path
