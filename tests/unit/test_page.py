"""The sign-in page gets a title and the page script; the app's page and other routes do not."""

from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from ui.page import HEAD, SignInHead

SIGN_IN = '<html><head></head><body><script>window.gradio_config = {"auth_required":true,"x":1};</script></body></html>'  # noqa: E501
APP = '<html><head></head><body><script>window.gradio_config = {"title":"Peer Coach"};</script></body></html>'  # noqa: E501


def client(page: str) -> TestClient:
    routes = [Route(path, lambda request: HTMLResponse(page)) for path in ("/", "/other")]
    return TestClient(SignInHead(Starlette(routes=routes)))


def test_the_sign_in_page_gets_a_title_and_the_page_script():
    response = client(SIGN_IN).get("/")
    assert "<title>Sign in · Peer Coach</title>" in response.text
    assert HEAD in response.text
    assert response.text.index(HEAD) < response.text.index("</head>")
    assert int(response.headers["content-length"]) == len(response.content)


def test_the_app_page_and_other_paths_are_left_alone():
    assert client(APP).get("/").text == APP  # Gradio adds the script there itself (head=)
    assert client(SIGN_IN).get("/other").text == SIGN_IN
