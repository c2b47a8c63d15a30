"""Old addresses of the WordPress site (issue 16): its Polylang export and its WPML export (tests/support/wordpress.py)
each imported into a copy of the content, built with the production settings as of the suite's "now", published into
releases/current and answered by Debian's nginx running deploy/nginx.conf, every address asserted for both; the data
file checked by the content check; the configuration tested before a release goes live (on the Polylang import)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

import sitebuild
import sitebuild.build
import sitebuild.deploy
from plugins.content_check.old_addresses import MAX_KEY_BYTES, REDIRECTS_FILE, SHAPES
from sitebuild.postprocess import host_files
from sitebuild.validate import check_content
from tests.support import nginx
from tests.support.clock import NOW
from tests.support.nginx_check import check_command, host_next_config
from tests.support.wordpress import EXPORTS, FINNISH_DESCRIPTIONS, describe_photos

# What does not depend on the plugin that recorded the languages is tested on one import.
POLYLANG_ONLY = pytest.mark.parametrize("export", [EXPORTS["polylang"]], ids=["polylang"], indirect=True)
WPML_ONLY = pytest.mark.parametrize("export", [EXPORTS["wpml"]], ids=["wpml"], indirect=True)
FI_POST = "/fi/2022/09/14/akkupaiva-skelleftea/"
SV_POST = "/2022/09/14/batteridagen-i-skelleftea/"
# An old address of 200 characters, decoded, with a long Finnish slug (ä is two bytes in the nginx key).
LONG_PATH = "/" + ("pitkä-osoite-" * 20)[:198] + "/"
UTM = "utm_source=newsletter&utm_medium=email&fbclid=IwAR0abc"


def _imported(export, content: Path) -> dict:
    """Import `export` into `content`, publish the Finnish post as an editor does once its photos are described in
    Finnish (the import leaves it a draft: their alt texts are Swedish), and give it a 200-character old address."""
    report = export.run(content, drafts=True)
    fi = content / "articles/2022-09-14-batteridagen-i-skelleftea.fi.md"
    describe_photos(fi, FINNISH_DESCRIPTIONS)
    text = fi.read_text(encoding="utf-8")
    encoded = quote(LONG_PATH, safe="/")
    fi.write_text(re.sub(r"^(Aliases: .*)$", rf"\1, {encoded}?lang=fi", text, count=1, flags=re.M), encoding="utf-8")
    return report.sections


@pytest.fixture(scope="module", params=EXPORTS.values(), ids=EXPORTS.keys())
def export(request):
    """The export of the old site: Polylang's, WPML's."""
    return request.param


@pytest.fixture(scope="module")
def imported(export, tmp_path_factory):
    """The site's content with the export imported, and the import's report."""
    content = tmp_path_factory.mktemp(f"old-addresses-{export.plugin}") / "content"
    shutil.copytree(sitebuild.ROOT / "content", content)
    return content, _imported(export, content)


@pytest.fixture(scope="module")
def imported_site(imported, tmp_path_factory):
    """The imported content built with publishconf.py as of the suite's "now"."""
    content, _report = imported
    output = tmp_path_factory.mktemp("old-addresses-site") / "output"
    sitebuild.build.run_build(content=content, output=output, settings=sitebuild.PUBLISHCONF, quiet=True, now=NOW)
    return output


@pytest.fixture(scope="module")
def nginx_server(imported_site):
    """nginx with deploy/nginx.conf serving the imported site, published as releases/<id> + current."""
    with nginx.serving(imported_site, "first") as running:
        yield running


def largest_webp(site: Path, stem: str) -> str:
    """The address of the widest WebP the media step published of content/images/<stem>.*."""
    widths = {
        int(found.group(1)): path
        for path in (site / "images").glob(f"{stem}-*.webp")
        if (found := re.match(rf"^{re.escape(stem)}-(\d+)\.[0-9a-f]{{10}}\.webp$", path.name))
    }
    assert widths, f"the media step published {stem} as WebP"
    return "/" + widths[max(widths)].relative_to(site).as_posix()


def redirect(server, address: str) -> tuple[int, str | None]:
    response, _body = server.request(address)
    return response.status, response.getheader("Location")


# Every old address, answered by nginx ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # Permalinks (Aliases:), with and without ?lang=, with and without the trailing slash.
        ("/2022/09/14/akkupaiva-skelleftea/?lang=fi", FI_POST),
        ("/2022/09/14/akkupaiva-skelleftea/", FI_POST),
        ("/2022/09/14/akkupaiva-skelleftea", FI_POST),
        ("/meista/?lang=fi", "/fi/meista/"),
        # Items by ID, in any parameter order, with parameters WordPress ignored.
        ("/?p=11", FI_POST),
        ("/?p=10", SV_POST),
        ("/?lang=fi&p=11", FI_POST),
        (f"/?{UTM}&p=11&lang=fi", FI_POST),
        ("/?page_id=21", "/fi/meista/"),
        (f"/?page_id=20&{UTM}", "/om-oss/"),
        # The conference was already in content/: its Finnish permalink leads there.
        ("/2022/06/30/loppukonferenssi/?lang=fi", "/fi/2022/06/30/loppukonferenssi/"),
        # Category archives and each language's feed.
        ("/category/uutiset/?lang=fi", "/fi/kategoria/uutiset/"),
        ("/category/uutiset/", "/fi/kategoria/uutiset/"),
        (f"/category/nyheter/?{UTM}", "/kategori/nyheter/"),
        ("/feed/", "/feeds/atom.xml"),
        ("/feed", "/feeds/atom.xml"),
        ("/feed/?lang=fi", "/fi/feeds/atom.xml"),
        (f"/feed/?{UTM}&lang=fi", "/fi/feeds/atom.xml"),
        # The old search, to the search page of its language with the term as search.js reads it.
        ("/?s=batteri", "/sok/?q=batteri"),
        ("/?s=akku&lang=fi", "/fi/haku/?q=akku"),
        (f"/?lang=fi&{UTM}&s=akkup%C3%A4iv%C3%A4", "/fi/haku/?q=akkup%C3%A4iv%C3%A4"),
        ("/?s=two+words", "/sok/?q=two+words"),
        # WordPress's pretty search address, a later page of it too, in each language.
        ("/search/batteri/", "/sok/?q=batteri"),
        ("/search/batteri", "/sok/?q=batteri"),
        ("/search/two+words/page/2/", "/sok/?q=two+words"),
        ("/search/akku/?lang=fi", "/fi/haku/?q=akku"),
        (f"/search/akkup%C3%A4iv%C3%A4/?{UTM}&lang=fi", "/fi/haku/?q=akkup%C3%A4iv%C3%A4"),
        # The front page of a language, still.
        ("/?lang=fi", "/fi/"),
        (f"/?{UTM}&lang=fi", "/fi/"),
        # A 200-character old address (the long Finnish slug nginx refused with its default map settings).
        (f"{quote(LONG_PATH, safe='/')}?lang=fi", FI_POST),
    ],
)
def test_an_old_address_leads_to_its_new_page(nginx_server, old, new):
    assert redirect(nginx_server, old) == (301, new)
    response, _body = nginx_server.request(new)
    assert response.status == 200, new


def test_a_200_character_address_is_in_the_map(imported_site):
    assert len(LONG_PATH) == 200
    entries = (imported_site / host_files.NGINX_MAP).read_text(encoding="utf-8").splitlines()
    assert f'"fi:{LONG_PATH}" {FI_POST};' in entries
    assert len(f"fi:{LONG_PATH}".encode()) > 210


@pytest.mark.parametrize(
    "old",
    [
        "/wp-content/uploads/2022/09/konferens.jpg",
        "/wp-content/uploads/2022/09/konferens-1024x576.jpg",
        "/wp-content/uploads/2022/09/konferens-scaled.jpg",
        "/wp-content/uploads/2022/09/konferens-300x169.jpg",
        "/wp-content/uploads/2022/09/konferens-1024x576.jpg?ver=6.4",
        "/?attachment_id=100",
        f"/?{UTM}&attachment_id=100",
        "/konferens-scaled/",
    ],
)
def test_an_old_upload_address_leads_to_the_published_image(nginx_server, imported_site, old):
    image = largest_webp(imported_site, "konferens")
    assert redirect(nginx_server, old) == (301, image)
    response, body = nginx_server.request(image)
    assert (response.status, response.getheader("Content-Type")) == (200, "image/webp")
    assert body[:4] == b"RIFF" and body[8:12] == b"WEBP"


@pytest.mark.parametrize(
    ("old", "original"),
    [
        # Renditions the export never recorded (_wp_attachment_metadata lists 300x169, 1024x576 and -scaled).
        ("/wp-content/uploads/2022/09/konferens-768x432.jpg", "konferens"),
        ("/wp-content/uploads/2022/09/konferens-scaled-1536x864.jpg", "konferens"),
        ("/wp-content/uploads/2022/09/konferens-rotated.jpg?ver=6.4", "konferens"),
        # An edited copy (WordPress's image editor) and its sizes.
        ("/wp-content/uploads/2022/09/konferens-e1672531200.jpg", "konferens"),
        ("/wp-content/uploads/2022/09/konferens-e1672531200-300x169.JPG", "konferens"),
        # Only a thumbnail is recorded for this one.
        ("/wp-content/uploads/2022/09/verkstad-300x200.png", "verkstad"),
    ],
)
def test_a_rendition_the_export_never_recorded_leads_to_the_published_image(nginx_server, imported_site, old, original):
    assert f'{old.split("?")[0]}"' not in (imported_site / host_files.NGINX_MAP).read_text(encoding="utf-8")
    image = largest_webp(imported_site, original)
    assert redirect(nginx_server, old) == (301, image)


@pytest.mark.parametrize(
    ("old", "why"),
    [
        ("/wp-content/uploads/2022/10/diagram-300x225.png", "its original is used only by a draft"),
        ("/wp-content/uploads/2021/03/oanvand-300x200.jpg", "its original is used by no imported item"),
        ("/wp-content/uploads/2022/09/Rapport-2022-150x150.pdf", "WordPress makes renditions of images only"),
        ("/wp-content/uploads/2022/09/okand-300x200.jpg", "no such upload"),
    ],
)
def test_a_rendition_of_an_original_not_published_is_not_found(nginx_server, old, why):
    assert redirect(nginx_server, old) == (404, None), why


@WPML_ONLY
@pytest.mark.parametrize(
    "old", ["/?attachment_id=105", "/?p=105", "/konferens-scaled-2/?lang=fi", "/konferens-scaled-2/"]
)
def test_a_translated_attachment_leads_to_the_one_published_image(nginx_server, imported_site, old):
    """WPML Media's Finnish attachment (105) of the conference photo: its addresses lead to the one image."""
    assert redirect(nginx_server, old) == (301, largest_webp(imported_site, "konferens"))


def test_an_upload_no_published_item_uses_is_not_published(nginx_server, imported, imported_site):
    _content, report = imported
    unused = [line.split(" ", 1)[0] for line in report["unused_uploads"]]
    assert "2021/03/oanvand.jpg" in unused
    for upload in unused:
        response, _body = nginx_server.request(f"/wp-content/uploads/{upload}")
        assert response.status == 404, upload
        stem = Path(upload).stem.lower()
        assert not list(imported_site.rglob(f"{stem}*")), f"{upload} is not published"


@pytest.mark.parametrize(
    ("old", "location", "why"),
    [
        ("/?p=61", None, "a draft"),
        ("/?p=60", None, "dated 2031"),
        ("/?p=62", None, "dated 2031"),
        ("/?p=62&lang=fi", "/fi/", "dated 2031; the Finnish front page, as for any ?lang=fi"),
    ],
)
def test_an_old_address_of_an_item_not_published_yet_leads_nowhere_yet(nginx_server, imported_site, old, location, why):
    """Not a redirect to a page that would be a 404: the address is still what it was (the front page)."""
    assert redirect(nginx_server, old) == (301 if location else 200, location), why
    entries = (imported_site / host_files.NGINX_MAP).read_text(encoding="utf-8")
    assert f'"p={old.split("=")[1].split("&")[0]} /"' not in entries, why


@POLYLANG_ONLY
def test_the_redirects_follow_a_changed_slug(imported, tmp_path):
    """The data file says where an item was at import time; the build leads to where it is now."""
    content, _report = imported
    changed = tmp_path / "content"
    shutil.copytree(content, changed)
    fi = changed / "articles/2022-09-14-batteridagen-i-skelleftea.fi.md"
    fi.write_text(fi.read_text(encoding="utf-8").replace("Slug: akkupaiva-skelleftea", "Slug: akkupaiva"), "utf-8")
    for page in changed.rglob("*.md"):  # links to it from the other language follow, as an editor would do
        page.write_text(page.read_text(encoding="utf-8").replace(FI_POST, "/fi/2022/09/14/akkupaiva/"), "utf-8")
    output = tmp_path / "output"
    sitebuild.build.run_build(content=changed, output=output, settings=sitebuild.PUBLISHCONF, quiet=True, now=NOW)
    entries = (output / host_files.NGINX_MAP).read_text(encoding="utf-8").splitlines()
    assert '"p=11 /" /fi/2022/09/14/akkupaiva/;' in entries
    assert '"fi:/2022/09/14/akkupaiva-skelleftea/" /fi/2022/09/14/akkupaiva/;' in entries


# Netlify-style hosts ------------------------------------------------------------------------------------------


def test_netlify_redirects_say_the_same_most_parameters_first(imported_site):
    lines = (imported_site / "_redirects").read_text(encoding="utf-8").splitlines()
    image = largest_webp(imported_site, "konferens")
    for rule in (
        "/  s=:term  lang=fi  /fi/haku/?q=:term  301!",
        "/  s=:term  /sok/?q=:term  301!",
        "/search/:term  lang=fi  /fi/haku/?q=:term  301!",
        "/search/:term/page/:number  /sok/?q=:term  301!",
        f"/  p=11  {FI_POST}  301!",
        "/  page_id=21  /fi/meista/  301!",
        f"/  attachment_id=100  {image}  301!",
        f"/wp-content/uploads/2022/09/konferens-1024x576.jpg  {image}  301!",
        "/feed/  lang=fi  /fi/feeds/atom.xml  301!",
        "/  lang=fi  /fi/  301!",
    ):
        assert rule in lines, rule
    # The first rule that matches wins: the search before the front page of ?lang=fi, two parameters before one.
    assert lines.index("/  s=:term  lang=fi  /fi/haku/?q=:term  301!") < lines.index("/  lang=fi  /fi/  301!")
    assert lines.index(f"/  p=11  {FI_POST}  301!") < lines.index("/  lang=fi  /fi/  301!")


# The reference configuration and the content check ------------------------------------------------------------


def test_nginx_conf_has_a_map_for_every_combination_of_parameters_in_order():
    """SHAPES (the content check's, the order of precedence) is what deploy/nginx.conf matches."""
    text = nginx.DEPLOY_CONF.read_text(encoding="utf-8")
    names = {(): "path", ("lang",): "lang"}
    variables = []
    for shape in SHAPES:
        name = names.get(shape, "_".join(shape))
        variables.append(f"$br_old_{name}")
        if shape in names:
            continue
        source = "&".join(f"{key}=$arg_{key}" for key in shape) + " $uri"
        assert f'map "{source}" $br_old_{name} {{' in text, shape
    # An unrecorded rendition's original comes last: every recorded address wins over it.
    assert f'map "{"|".join([*variables, "$br_old_rendition"])}" $br_legacy_redirect {{' in text
    assert "map_hash_bucket_size 512;" in text and MAX_KEY_BYTES < 512


def _check_with(content: Path, entries: list[dict]) -> list[str]:
    data = json.loads((content / REDIRECTS_FILE).read_text(encoding="utf-8"))
    data["redirects"] += entries
    (content / REDIRECTS_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [problem.render(content) for problem in check_content(content, now=NOW) if problem.is_error]


@POLYLANG_ONLY
@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {"from": "/?p=99", "path": "/", "query": {"p": "99"}, "to": "/x/", "content": "articles/gone.fi.md"},
            "entry {n} (/?p=99) leads to content/articles/gone.fi.md, which does not exist — write the file",
        ),
        (
            {"from": "/?cat=5", "path": "/", "query": {"cat": "5"}, "to": "/kategori/nyheter/", "content": ""},
            "entry {n} (/?cat=5) requires the parameters cat, which the server does not match",
        ),
        (
            {"from": "/x/", "path": "/x/", "query": {}, "to": "/finns-inte/", "content": ""},
            "entry {n} (/x/) leads to /finns-inte/, which this site does not write",
        ),
        (
            {"from": "/?p=11", "path": "/", "query": {"p": "11"}, "to": FI_POST, "content": ""},
            "entry {n} (/?p=11) is the same address as entry",
        ),
        (
            {"from": "/meista/?lang=fi", "path": "/meista/", "query": {"lang": "fi"}, "to": "/fi/meista/"},
            "entry {n} (/meista/?lang=fi) is also an alias of",
        ),
        (
            {"from": "/a", "path": "/" + "ä" * 250, "query": {}, "to": "/fi/", "content": ""},
            "is 501 bytes long, more than the 480 the web server's maps hold",
        ),
        (
            {"from": "/a b", "path": '/a"b', "query": {}, "to": "/fi/", "content": ""},
            "with characters a redirect rule cannot hold",
        ),
    ],
    ids=["missing_content", "unmatched_parameters", "unknown_target", "twice", "an_alias", "too_long", "unsafe"],
)
def test_a_bad_entry_is_an_error_naming_the_file_the_entry_and_the_fix(imported, tmp_path, entry, message):
    content, _report = imported
    copy = tmp_path / "content"
    shutil.copytree(content, copy)
    count = len(json.loads((copy / REDIRECTS_FILE).read_text(encoding="utf-8"))["redirects"])
    errors = _check_with(copy, [entry])
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{REDIRECTS_FILE}:"), errors
    assert message.format(n=count + 1) in errors[0]


@POLYLANG_ONLY
def test_invoke_check_refuses_a_file_that_is_not_json(imported, tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(imported[0], copy)
    (copy / REDIRECTS_FILE).write_text('{"format": 1,\n  "redirects": [\n}\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--content", str(copy), "--now", NOW],
        cwd=sitebuild.ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"{REDIRECTS_FILE}:3: the file is not JSON" in result.stdout


# Publishing tests the configuration against the new release before the switch ---------------------------------


def test_the_host_check_config_reads_the_release_through_next():
    text = host_next_config(nginx.DEPLOY_CONF.read_text(encoding="utf-8"))
    assert "/srv/batteryregion/current/_nginx/" not in text
    # One map per combination of parameters, and the one of unrecorded renditions.
    assert text.count("/srv/batteryregion/next/_nginx/legacy-redirects.map") == len(SHAPES) + 1
    wrapper = (sitebuild.ROOT / "deploy" / "nginx-check.conf").read_text(encoding="utf-8")
    assert "include /etc/nginx/batteryregion-next.conf;" in wrapper


@POLYLANG_ONLY
def test_a_release_nginx_refuses_is_not_switched_to(imported_site, tmp_path):
    """`nginx -t` on the release about to go live: a broken map stops the switch, the live site answers as before."""
    missing = nginx.available()
    if missing:
        pytest.fail(missing)
    from sitebuild.deploy import CONFIG_REFUSED

    work = Path(tempfile.mkdtemp(prefix="batteryregion-check-", dir=tmp_path))
    work.chmod(0o755)
    srv = work / "srv"
    command = check_command(srv, work / "check")
    sitebuild.deploy.deploy_local(imported_site, srv, "good", check_config=command)
    assert (srv / "current").resolve() == (srv / "releases" / "good").resolve()
    assert not (srv / "next").exists()
    server = nginx.Nginx.start(srv / "current", work / "prefix")
    try:
        broken = work / "broken"
        shutil.copytree(imported_site, broken)
        with (broken / host_files.NGINX_MAP).open("a", encoding="utf-8") as entries:
            entries.write('"/unterminated /x/;\n')
        with pytest.raises(subprocess.CalledProcessError) as refused:
            sitebuild.deploy.deploy_local(broken, srv, "broken", check_config=command)
        assert refused.value.returncode == CONFIG_REFUSED
        assert (srv / "current").resolve() == (srv / "releases" / "good").resolve()
        assert not (srv / "releases" / "broken").exists() and not (srv / "next").exists()
        assert redirect(server, "/?p=11") == (301, FI_POST)
        # The next publish of a good release removes what the refused one left.
        sitebuild.deploy.deploy_local(imported_site, srv, "again", check_config=command)
        assert sorted(path.name for path in (srv / "releases").iterdir()) == [
            "again",
            "again.assets",
            "good",
            "good.assets",
        ]
    finally:
        server.stop()


def test_activate_says_the_live_site_is_unchanged_when_the_check_fails(tmp_path):
    from tests.support.releases import fake_site

    root = tmp_path / "srv"
    sitebuild.deploy.deploy_local(fake_site(tmp_path / "one", "0123456789"), root, "one")
    sitebuild.deploy.deploy_local(fake_site(tmp_path / "two", "abcdef0123"), root, "two", check_config="true")
    (root / "releases" / ".three.partial").mkdir()
    result = subprocess.run(
        [
            "python3",
            str(sitebuild.deploy.ACTIVATE),
            str(root),
            "three",
            "--check-config",
            "test -L next && readlink next && echo 'nginx: [emerg] broken' >&2 && false",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == sitebuild.deploy.CONFIG_REFUSED
    assert "nginx: [emerg] broken" in result.stderr
    assert "releases/.three.partial" in result.stderr  # `next` pointed at the release being tested
    assert "the live site is unchanged (current → releases/two)" in result.stderr
    assert (root / "current").resolve() == (root / "releases" / "two").resolve()
