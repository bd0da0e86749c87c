"""Replay protection: `ReplayGuard`, and external stores with `seen(key, ttl)` semantics (a
dict-backed store written here, and Redis through fakeredis)."""

from __future__ import annotations

import base64
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import fakeredis
import pytest

from edgeward import (
    ReplayGuard,
    ReplayStore,
    Verified,
    Webhook,
    WebhookInvalidOptionsError,
    WebhookReplayedError,
    WebhookReplayGuardFullError,
    WebhookSignatureMismatchError,
    WebhookTimestampTooOldError,
    WebhookVerificationError,
)

T = 1_700_000_000
PAYLOAD = b'{"id":"evt_replay"}'
STD_SECRET = "whsec_" + base64.b64encode(b"replay-test-key-0123456789abcdef").decode()
OTHER_STD_SECRET = "whsec_" + base64.b64encode(b"another-endpoint-key-0123456789").decode()
SHOPIFY_SECRET = "shpss_0123456789abcdef0123456789abcdef"
WEEK = 7 * 24 * 3600
KEY_FORMAT = re.compile(r"edgeward:(stripe|standard|github|slack|shopify):[0-9a-f]{32}")


def standard(guard: object, **options: object) -> Webhook:
    return Webhook(STD_SECRET, scheme="standard", replay_guard=guard, **options)  # type: ignore[arg-type]


def signed(webhook: Webhook, msg_id: str, timestamp: int = T) -> dict[str, str]:
    return webhook.sign_headers(PAYLOAD, timestamp=timestamp, id=msg_id)


# --- ReplayGuard -----------------------------------------------------------------------------


def test_guard_basics() -> None:
    guard = ReplayGuard()
    assert guard.max_entries == 10_000
    assert len(guard) == 0
    assert guard.refused_full == 0
    assert repr(guard) == "ReplayGuard(max_entries=10000, entries=0, refused_full=0)"
    assert ReplayGuard(5).max_entries == 5
    assert ReplayGuard(max_entries=7).max_entries == 7
    assert ReplayGuard(max_entries=None).max_entries == 10_000  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0, -1, 10_000_001, 2**64, -(2**70)])
def test_guard_capacity_is_checked_by_the_core(bad: int) -> None:
    with pytest.raises(WebhookInvalidOptionsError, match="max_entries must be between 1 and"):
        ReplayGuard(bad)


@pytest.mark.parametrize("bad", ["10", 10.0, b"1", [1]])
def test_guard_capacity_type(bad: object) -> None:
    with pytest.raises(WebhookInvalidOptionsError, match="max_entries"):
        ReplayGuard(bad)  # type: ignore[arg-type]


def test_replay_guard_option_type() -> None:
    for bad in (object(), 42, "redis://", {"seen": True}):
        with pytest.raises(WebhookInvalidOptionsError, match="replay_guard"):
            Webhook(STD_SECRET, scheme="standard", replay_guard=bad)  # type: ignore[arg-type]

    class NotCallable:
        seen = True

    with pytest.raises(WebhookInvalidOptionsError, match="replay_guard"):
        Webhook(STD_SECRET, scheme="standard", replay_guard=NotCallable())  # type: ignore[arg-type]


def test_duplicate_delivery_is_refused_for_every_scheme() -> None:
    secrets = {
        "stripe": "whsec_replay_0123456789",
        "standard": STD_SECRET,
        "github": "gh",
        "slack": "slack-replay-0123456789",
        "shopify": SHOPIFY_SECRET,
    }
    for scheme, secret in secrets.items():
        guard = ReplayGuard()
        webhook = Webhook(secret, scheme=scheme, replay_guard=guard)
        assert webhook.replay_guard is guard
        headers = webhook.sign_headers(PAYLOAD, timestamp=T, id="msg_1")
        webhook.verify(PAYLOAD, headers, now=T)
        with pytest.raises(WebhookReplayedError) as caught:
            webhook.verify(PAYLOAD, headers, now=T + 1)
        error = caught.value
        assert error.code == "WEBHOOK_REPLAYED"
        assert isinstance(error, WebhookVerificationError)
        assert ("same id" if scheme == "standard" else "same signature") in str(error)
        assert len(guard) == 1
        # Another delivery still passes.
        other = webhook.sign_headers(PAYLOAD + b" ", timestamp=T, id="msg_2")
        webhook.verify(PAYLOAD + b" ", other, now=T)
        assert len(guard) == 2


def test_same_id_with_new_signature_is_a_replay_for_standard() -> None:
    webhook = standard(ReplayGuard())
    webhook.verify(PAYLOAD, signed(webhook, "msg_1", T), now=T)
    # A provider's retry: same id, new timestamp and signature.
    with pytest.raises(WebhookReplayedError):
        webhook.verify(PAYLOAD, signed(webhook, "msg_1", T + 60), now=T + 60)


def test_forged_deliveries_are_never_recorded() -> None:
    guard = ReplayGuard(max_entries=1)
    webhook = standard(guard)
    forged = {**signed(webhook, "msg_1"), "webhook-signature": "v1," + "A" * 43 + "="}
    for _ in range(100):
        with pytest.raises(WebhookSignatureMismatchError):
            webhook.verify(PAYLOAD, forged, now=T)
    assert len(guard) == 0
    # A stale genuine delivery is not recorded either.
    with pytest.raises(WebhookTimestampTooOldError):
        webhook.verify(PAYLOAD, signed(webhook, "msg_1"), now=T + 301)
    assert len(guard) == 0
    webhook.verify(PAYLOAD, signed(webhook, "msg_1"), now=T)
    assert len(guard) == 1


def test_entries_expire_with_the_tolerance() -> None:
    guard = ReplayGuard()
    webhook = standard(guard, tolerance=60)
    headers = signed(webhook, "msg_1")
    webhook.verify(PAYLOAD, headers, now=T)
    with pytest.raises(WebhookReplayedError):
        webhook.verify(PAYLOAD, headers, now=T + 60)
    # After the window the timestamp check refuses it, and the entry is freed.
    with pytest.raises(WebhookTimestampTooOldError):
        webhook.verify(PAYLOAD, headers, now=T + 61)
    webhook.verify(PAYLOAD, signed(webhook, "msg_2", T + 100), now=T + 100)
    assert len(guard) == 1


def test_schemes_without_timestamp_remember_for_the_retention() -> None:
    guard = ReplayGuard()
    webhook = Webhook("gh-secret", scheme="github", retention=3600, replay_guard=guard)
    assert webhook.retention == 3600
    headers = webhook.sign_headers(PAYLOAD)
    webhook.verify(PAYLOAD, headers, now=T)
    with pytest.raises(WebhookReplayedError):
        webhook.verify(PAYLOAD, headers, now=T + 3599)
    assert webhook.verify(PAYLOAD, headers, now=T + 3600) == Verified(None, 0, None, "github")


@pytest.mark.parametrize(
    ("scheme", "secret"), [("github", "gh-secret"), ("shopify", SHOPIFY_SECRET)]
)
def test_schemes_without_timestamp_are_remembered_7_days_by_default(
    scheme: str, secret: str
) -> None:
    webhook = Webhook(secret, scheme=scheme, replay_guard=ReplayGuard())  # type: ignore[arg-type]
    assert webhook.retention == WEEK
    headers = webhook.sign_headers(PAYLOAD)
    webhook.verify(PAYLOAD, headers, now=T)
    # Five minutes (the tolerance) is no longer the window: a capture is refused all week.
    for later in (T + 301, T + 86_400, T + WEEK - 1):
        with pytest.raises(WebhookReplayedError):
            webhook.verify(PAYLOAD, headers, now=later)
    assert webhook.verify(PAYLOAD, headers, now=T + WEEK).timestamp is None


@pytest.mark.parametrize("retention", [0, -1, 1.5, float("nan"), float("inf")])
def test_retention_must_be_positive_whole_seconds(retention: float) -> None:
    with pytest.raises(WebhookInvalidOptionsError):
        Webhook("gh-secret", scheme="github", retention=retention)


def test_retention_must_be_a_number() -> None:
    with pytest.raises(WebhookInvalidOptionsError):
        Webhook("gh-secret", scheme="github", retention="3600")  # type: ignore[arg-type]


def test_full_guard_refuses_and_never_evicts_a_real_delivery() -> None:
    guard = ReplayGuard(max_entries=3)
    webhook = Webhook("gh-secret", scheme="github", replay_guard=guard)
    real = [b'{"real":1}', b'{"real":2}', b'{"real":3}']
    for body in real:
        webhook.verify(body, webhook.sign_headers(body), now=T)
    # Traffic an attacker provokes from the genuine sender (events on a public repository).
    for n in range(200):
        body = b'{"provoked":%d}' % n
        with pytest.raises(WebhookReplayGuardFullError) as raised:
            webhook.verify(body, webhook.sign_headers(body), now=T + n)
        assert raised.value.code == "WEBHOOK_REPLAY_GUARD_FULL"
        assert isinstance(raised.value, WebhookVerificationError)
    assert guard.refused_full == 200
    assert len(guard) == 3
    # None of the real deliveries was pushed out.
    for body in real:
        with pytest.raises(WebhookReplayedError):
            webhook.verify(body, webhook.sign_headers(body), now=T + 300)
    # Once they expire, the guard takes deliveries again.
    webhook.verify(b'{"provoked":0}', webhook.sign_headers(b'{"provoked":0}'), now=T + WEEK)
    assert len(guard) == 1


def test_guard_stays_within_its_cap_and_counts_refusals() -> None:
    guard = ReplayGuard(max_entries=100)
    webhook = standard(guard)
    for n in range(2_000):
        if n < 100:
            webhook.verify(PAYLOAD, signed(webhook, f"msg_{n}"), now=T)
        else:
            with pytest.raises(WebhookReplayGuardFullError):
                webhook.verify(PAYLOAD, signed(webhook, f"msg_{n}"), now=T)
        assert len(guard) <= 100
    assert len(guard) == 100
    assert guard.refused_full == 1_900
    # Every accepted delivery is still remembered.
    with pytest.raises(WebhookReplayedError):
        webhook.verify(PAYLOAD, signed(webhook, "msg_0"), now=T)


def test_two_standard_endpoints_sharing_a_guard_accept_the_same_message_id() -> None:
    guard = ReplayGuard()
    a = standard(guard)
    b = Webhook(OTHER_STD_SECRET, scheme="standard", replay_guard=guard)
    to_a, to_b = signed(a, "msg_same"), signed(b, "msg_same")
    assert a.verify(PAYLOAD, to_a, now=T).id == "msg_same"
    assert b.verify(PAYLOAD, to_b, now=T).id == "msg_same"
    with pytest.raises(WebhookReplayedError):
        a.verify(PAYLOAD, to_a, now=T + 1)
    with pytest.raises(WebhookReplayedError):
        b.verify(PAYLOAD, to_b, now=T + 1)


def test_one_guard_shared_by_several_webhooks_keys_by_scheme() -> None:
    guard = ReplayGuard()
    github = Webhook(SHOPIFY_SECRET, scheme="github", replay_guard=guard)
    shopify = Webhook(SHOPIFY_SECRET, scheme="shopify", replay_guard=guard)
    github.verify(PAYLOAD, github.sign_headers(PAYLOAD), now=T)
    shopify.verify(PAYLOAD, shopify.sign_headers(PAYLOAD), now=T)
    assert len(guard) == 2


def test_concurrent_duplicates_pass_exactly_once() -> None:
    guard = ReplayGuard()
    webhook = standard(guard)
    threads = 8
    deliveries = [signed(webhook, f"msg_{n}") for n in range(200)]
    start = threading.Barrier(threads)

    def worker(_: int) -> list[bool]:
        start.wait()
        accepted = []
        for headers in deliveries:
            try:
                webhook.verify(PAYLOAD, headers, now=T)
                accepted.append(True)
            except WebhookReplayedError:
                accepted.append(False)
        return accepted

    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(worker, range(threads)))
    for index in range(len(deliveries)):
        assert sum(result[index] for result in results) == 1, index
    assert len(guard) == len(deliveries)


# --- external stores -------------------------------------------------------------------------


class DictStore:
    """An external store over a dict, with a clock the test controls: the `seen(key, ttl)`
    protocol exactly as Redis `SET key 1 NX EX ttl` implements it."""

    def __init__(self) -> None:
        self.now = T
        self.expires: dict[str, int] = {}
        self.calls: list[tuple[str, int]] = []

    def seen(self, key: str, ttl: int) -> bool:
        self.calls.append((key, ttl))
        if self.expires.get(key, self.now) > self.now:
            return True
        self.expires[key] = self.now + ttl
        return False


def test_dict_store_is_a_replay_store() -> None:
    assert isinstance(DictStore(), ReplayStore)
    assert not isinstance(object(), ReplayStore)


def test_external_store_receives_key_and_ttl() -> None:
    store = DictStore()
    webhook = standard(store)
    assert webhook.replay_guard is store
    headers = signed(webhook, "msg_1")
    store.now = T + 10
    webhook.verify(PAYLOAD, headers, now=T + 10)
    ((key, ttl),) = store.calls
    assert KEY_FORMAT.fullmatch(key), key
    assert key.startswith("edgeward:standard:")
    assert ttl == 291  # remembered until T + 300 inclusive
    assert isinstance(ttl, int)
    with pytest.raises(WebhookReplayedError):
        webhook.verify(PAYLOAD, headers, now=T + 20)
    assert store.calls[1][0] == key
    # The key is the delivery id's: a retry with a new signature has the same key.
    store.now = T + 30
    with pytest.raises(WebhookReplayedError):
        webhook.verify(PAYLOAD, signed(webhook, "msg_1", T + 30), now=T + 30)
    assert store.calls[2][0] == key
    # Different ids, different keys; keys never contain the id or a secret.
    webhook.verify(PAYLOAD, signed(webhook, "msg_2", T + 30), now=T + 30)
    assert store.calls[3][0] != key
    assert all("msg_" not in k and STD_SECRET[6:] not in k for k, _ in store.calls)


def test_external_store_is_only_asked_after_verification() -> None:
    store = DictStore()
    webhook = standard(store)
    forged = {**signed(webhook, "msg_1"), "webhook-signature": "v1," + "A" * 43 + "="}
    with pytest.raises(WebhookSignatureMismatchError):
        webhook.verify(PAYLOAD, forged, now=T)
    assert store.calls == []


def test_external_store_ttl_for_schemes_without_timestamp() -> None:
    store = DictStore()
    webhook = Webhook("gh", scheme="github", tolerance=60, replay_guard=store)
    webhook.verify(PAYLOAD, webhook.sign_headers(PAYLOAD), now=T)
    ((key, ttl),) = store.calls
    assert key.startswith("edgeward:github:")
    assert ttl == WEEK  # the retention, not the tolerance
    store.calls.clear()
    day = Webhook("gh", scheme="github", retention=86_400, replay_guard=DictStore())
    day.verify(PAYLOAD, day.sign_headers(PAYLOAD), now=T)
    ((_, ttl),) = day.replay_guard.calls  # type: ignore[union-attr]
    assert ttl == 86_400


def test_external_store_must_answer_with_a_bool() -> None:
    class Sloppy:
        def __init__(self, answer: object) -> None:
            self.answer = answer

        def seen(self, key: str, ttl: int) -> object:
            return self.answer

    for answer in (None, 0, 1, "yes", [True]):
        webhook = standard(Sloppy(answer))
        with pytest.raises(WebhookInvalidOptionsError, match="must return a bool"):
            webhook.verify(PAYLOAD, signed(webhook, "msg_1"), now=T)
    assert standard(Sloppy(False)).verify(PAYLOAD, signed(standard(None), "msg_1"), now=T)
    with pytest.raises(WebhookReplayedError):
        standard(Sloppy(True)).verify(PAYLOAD, signed(standard(None), "msg_1"), now=T)


def test_external_store_failure_fails_closed() -> None:
    class Down:
        def seen(self, key: str, ttl: int) -> bool:
            raise ConnectionError("store unreachable")

    webhook = standard(Down())
    with pytest.raises(ConnectionError, match="store unreachable"):
        webhook.verify(PAYLOAD, signed(webhook, "msg_1"), now=T)


class RedisReplayStore:
    """The documented Redis store (edgeward.ReplayStore's example), verbatim."""

    def __init__(self, client: fakeredis.FakeRedis) -> None:
        self.client = client

    def seen(self, key: str, ttl: int) -> bool:
        # SET NX replies None when the key already existed.
        return self.client.set(key, 1, nx=True, ex=ttl) is None


def test_redis_backed_store_through_fakeredis() -> None:
    client = fakeredis.FakeRedis()
    # Two webhooks (two processes, in effect) share one Redis.
    first = standard(RedisReplayStore(client))
    second = standard(RedisReplayStore(client))
    now = int(time.time())  # Redis expires keys by the real clock
    headers = signed(first, "msg_redis", now)
    first.verify(PAYLOAD, headers, now=now)
    with pytest.raises(WebhookReplayedError):
        second.verify(PAYLOAD, headers, now=now)
    (key,) = client.keys("edgeward:*")
    assert KEY_FORMAT.fullmatch(key.decode())
    assert 299 <= client.ttl(key) <= 301
    # Deleting the key lets a provider's retry through (e.g. after a failed handler).
    client.delete(key)
    second.verify(PAYLOAD, headers, now=now)
