"""Install feedback: the origins that asked for a site's config, last seen and refused, for the admin."""
import datetime as dt

from server.delivery import sightings
from server.extensions import db
from tests.conftest import sql
from tests.factories import DESKTOP_UA, make_site

BACKENDS = ("sqlite", "postgres")


def config(client, key, origin):
    return client.get(f"/v1/sites/{key}/config", headers={"Origin": origin, "User-Agent": DESKTOP_UA})


def test_allowed_and_refused_origins_are_listed_for_the_admin(app, client, admin_client):
    site_id, key = make_site(app, allowed_domains=["shop.example"])
    assert config(client, key, "https://www.shop.example").status_code == 200
    assert config(client, key, "https://shop-staging.example").status_code == 403
    listed = admin_client.get(f"/api/admin/sites/{site_id}/origins").get_json()
    assert [s["origin"] for s in listed["seen"]] == ["https://www.shop.example"]
    assert [s["origin"] for s in listed["refused"]] == ["https://shop-staging.example"]
    assert listed["seen"][0]["last_seen_at"]


def test_one_process_writes_an_origin_at_most_every_few_minutes(app, client, monkeypatch):
    """The config is the hot path: a repeat within RECORD_EVERY costs a dict lookup, not a write."""
    _, key = make_site(app, allowed_domains=["shop.example"])
    writes = []
    real = sightings.record
    monkeypatch.setattr(sightings, "record", lambda *args: (writes.append(args[1]), real(*args)))
    for _ in range(5):
        config(client, key, "https://shop.example")
    assert writes == ["https://shop.example"]
    old = sql(app, "SELECT last_seen_at FROM origin_sightings")
    clock = [1e9]
    monkeypatch.setattr(sightings.time, "monotonic", lambda: clock[0])
    config(client, key, "https://shop.example")
    clock[0] += sightings.RECORD_EVERY + 1
    config(client, key, "https://shop.example")
    assert len(writes) == 3 and sql(app, "SELECT last_seen_at FROM origin_sightings") != old


def test_a_flood_of_random_origins_keeps_at_most_fifty_refused(app, client, monkeypatch):
    site_id, key = make_site(app, allowed_domains=["shop.example"])
    monkeypatch.setattr(sightings, "MAX_REFUSED", 3)
    for n in range(6):
        assert config(client, key, f"https://evil{n}.example").status_code == 403
    assert sql(app, "SELECT count(*) FROM origin_sightings WHERE site_id = :s", s=site_id) == [(3,)]


def test_allowing_a_refused_domain_moves_it_to_seen(app, client, admin_client, monkeypatch):
    site_id, key = make_site(app, allowed_domains=["shop.example"])
    config(client, key, "https://shop.myshopify.com")
    assert admin_client.patch(f"/api/admin/sites/{site_id}",
                              json={"allowed_domains": ["shop.example", "shop.myshopify.com"]}).status_code == 200
    monkeypatch.setattr(sightings, "RECORD_EVERY", 0)
    assert config(client, key, "https://shop.myshopify.com").status_code == 200
    listed = admin_client.get(f"/api/admin/sites/{site_id}/origins").get_json()
    assert ([s["origin"] for s in listed["seen"]], listed["refused"]) == (["https://shop.myshopify.com"], [])


def test_refusals_older_than_a_week_drop_off_the_list(app, client, admin_client):
    site_id, key = make_site(app, allowed_domains=["shop.example"])
    config(client, key, "https://old.example")
    with app.app_context():
        assert sightings.sightings_of(site_id, sightings.utcnow() + dt.timedelta(days=8))["refused"] == []
        assert len(sightings.sightings_of(site_id, sightings.utcnow())["refused"]) == 1


def test_a_failed_write_never_fails_the_config(app, client, monkeypatch):
    _, key = make_site(app, allowed_domains=["shop.example"])

    def broken(*args):
        from sqlalchemy.exc import OperationalError
        raise OperationalError("INSERT", {}, Exception("database is down"))
    monkeypatch.setattr(sightings, "record", broken)
    answer = config(client, key, "https://shop.example")
    assert answer.status_code == 200 and answer.get_json()["site"]["key"] == key
    with app.app_context():
        assert db.session.execute(db.text("SELECT count(*) FROM origin_sightings")).scalar() == 0
