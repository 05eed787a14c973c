"""The GTM tag must save in GTM: GTM parses its {{variable}} syntax everywhere, comments included."""
import re

from server.delivery.snippets import SNIPPETS_DIR, fill, platform_snippets

TAG = SNIPPETS_DIR / "gtm" / "tag.html"
VARIABLE = re.compile(r"\{\{[^}]*\}\}")


def comments(source: str) -> list[str]:
    """The JavaScript line and block comments and the HTML comments of a tag."""
    return re.findall(r"//[^\n]*|/\*.*?\*/|<!--.*?-->", source, flags=re.S)


def test_no_comment_of_the_tag_names_a_gtm_variable():
    found = [c for c in comments(TAG.read_text()) if VARIABLE.search(c)]
    assert found == []


def test_the_tag_uses_exactly_the_two_placeholders_where_values_belong():
    assert sorted(set(VARIABLE.findall(TAG.read_text()))) == ["{{HOST}}", "{{SITE_KEY}}"]


def test_the_admins_prefilled_gtm_copy_has_no_variable_syntax_left():
    [gtm] = [p for p in platform_snippets("https://tp.example", "k" * 20) if p["platform"] == "gtm"]
    for file in gtm["files"]:
        assert not VARIABLE.search(file["content"]), file["name"]
    tag = next(f["content"] for f in gtm["files"] if f["name"] == "tag.html")
    assert tag == fill(TAG.read_text(), "https://tp.example", "k" * 20)
    assert "host: 'https://tp.example'" in tag
