"""Sign-in rules: throttling per account and address, idle and absolute session lifetimes."""

from assistant.people.signin import SessionClock, SignInThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_sixth_wrong_password_in_a_row_waits_and_the_wait_doubles():
    clock = Clock()
    throttle = SignInThrottle(per_account=5, per_address=100, lockout=60, clock=clock)
    for _ in range(4):
        throttle.failed("lee", "10.0.0.1")
        assert throttle.wait("lee", "10.0.0.2") == 0
    throttle.failed("LEE ", "10.0.0.1")  # the fifth, however the name is typed
    assert throttle.wait("lee", "10.0.0.2") == 60  # from any address
    assert throttle.wait("kim", "10.0.0.2") == 0  # another account is not locked
    clock.now += 61
    assert throttle.wait("lee", "10.0.0.2") == 0
    throttle.failed("lee", "10.0.0.2")
    assert throttle.wait("lee", "10.0.0.2") == 120
    throttle.succeeded("lee")
    assert throttle.wait("lee", "10.0.0.2") == 0


def test_an_address_guessing_across_accounts_is_refused_and_a_success_does_not_clear_it():
    clock = Clock()
    throttle = SignInThrottle(per_account=5, per_address=8, lockout=30, clock=clock)
    for i in range(8):
        throttle.failed(f"user{i}", "10.0.0.9")
    throttle.succeeded("mallory")  # the attacker's own account signs in
    assert throttle.wait("someone-new", "10.0.0.9") == 30
    assert throttle.wait("someone-new", "10.0.0.1") == 0


def test_a_session_ends_when_idle_and_at_its_lifetime_and_passive_requests_do_not_keep_it():
    clock = Clock()
    sessions = SessionClock(idle=600, lifetime=3600, clock=clock)
    sessions.started("t1", "lee")
    assert not sessions.alive("unknown", active=True)
    for _ in range(5):
        clock.now += 500
        assert sessions.alive("t1", active=True)  # active every 500 s: alive
    clock.now += 500
    assert sessions.alive("t1", active=False)  # a status refresh: does not extend it
    clock.now += 200
    assert not sessions.alive("t1", active=True)  # 700 s since the user last did something
    sessions.started("t2", "lee")
    for _ in range(7):
        clock.now += 500
        assert sessions.alive("t2", active=True)
    clock.now += 500
    assert not sessions.alive("t2", active=True)  # active, but over an hour since sign-in
