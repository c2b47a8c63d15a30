"""The editors' tools (sitebuild/editors): `invoke new` from the archetypes, `invoke translations` (what lacks
a translation, what is out of date and what changed, word by word) and `invoke translated`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import sitebuild
import sitebuild.catalogs
from tests.support.clock import at_moment
from tests.support.content_check import INVOKE, make_project, reported, run, snapshot

ROOT = sitebuild.ROOT


# invoke new ------------------------------------------------------------------------------------------


def _metadata(path: Path) -> dict[str, str]:
    from plugins.content_check.document import read_document

    doc = read_document(path, "article")
    return {found.name: found.value for found in doc.fields.values()}


def test_new_creates_a_paired_article_as_drafts_that_pass_the_check(tmp_path):
    project = make_project(tmp_path)
    # The clock stopped at 10:00 UTC (12:00 in Stockholm, summer time): the drafts are dated then.
    new = [*INVOKE, "new", "Batterier i norr – ett nytt år", "--content", str(project / "content")]
    result = at_moment("2031-05-05 10:00:00", new, cwd=project, timeout=300)
    assert result.returncode == 0, result.stderr
    slug = "batterier-i-norr-ett-nytt-ar"
    sv, fi = sorted((project / "content" / "articles").glob(f"*-{slug}.*.md"), key=lambda p: p.name[-5:-3] != "sv")
    assert sv.name.endswith(f"-{slug}.sv.md") and fi.name.endswith(f"-{slug}.fi.md")
    assert f"content/articles/{sv.name}" in result.stdout
    swedish, finnish = _metadata(sv), _metadata(fi)
    assert swedish["Title"] == "Batterier i norr – ett nytt år"
    assert swedish["Slug"] == swedish["Key"] == finnish["Key"] == slug
    assert (swedish["Lang"], finnish["Lang"]) == ("sv", "fi")
    assert (swedish["Category"], finnish["Category"]) == ("Nyheter", "Uutiset")
    assert swedish["Status"] == finnish["Status"] == "draft"
    assert (finnish["Original"], finnish["Original_hash"]) == ("sv", "TODO")
    assert "Original" not in swedish
    assert "Start" not in swedish and "Start" not in finnish  # news, not an event
    assert swedish["Date"] == finnish["Date"] == "2031-05-05 12:00"
    assert sv.name == f"2031-05-05-{slug}.sv.md"
    for placeholder in (swedish["Summary"], finnish["Title"], finnish["Slug"], finnish["Summary"]):
        assert placeholder.startswith("TODO: ")
    check = at_moment("2031-05-05 10:00:00", [*INVOKE, "check", "--content", str(project / "content")], cwd=project)
    assert check.returncode == 0, check.stdout


def test_placeholders_of_a_new_article_are_errors_once_it_is_published(tmp_path):
    project = make_project(tmp_path)
    run(project, "new", "Ny rubrik", "--content", str(project / "content"))
    for path in (project / "content" / "articles").glob("*-ny-rubrik.*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("Status: draft", "Status: published"), "utf-8")
    result = run(project, "check", "--content", str(project / "content"))
    assert result.returncode == 1
    sv = next((project / "content" / "articles").glob("*-ny-rubrik.sv.md")).name
    fi = sv.replace(".sv.md", ".fi.md")
    assert "placeholder left in Summary" in reported(result.stdout, f"articles/{sv}", 7, "placeholder")
    assert "placeholder left in the text" in reported(result.stdout, f"articles/{sv}", 10, "placeholder")
    assert "placeholder left in Title" in reported(result.stdout, f"articles/{fi}", 1, "placeholder")
    marking = reported(result.stdout, f"articles/{fi}", 10, "placeholder left in Original_hash")
    assert f"run `invoke translated content/articles/{fi}`" in marking


def test_new_page_in_a_category_and_with_a_finnish_original(tmp_path):
    project = make_project(tmp_path)
    page = run(project, "new", "Tillgänglighet", "--page", "--content", str(project / "content"))
    assert page.returncode == 0, page.stderr
    page_sv = _metadata(project / "content" / "pages" / "tillganglighet.sv.md")
    assert "Date" not in page_sv and "Category" not in page_sv and "Start" not in page_sv
    assert (project / "content" / "pages" / "tillganglighet.fi.md").is_file()
    event = run(
        project,
        "new",
        "Seminaari Oulussa",
        "--category",
        "Evenemang",
        "--lang",
        "fi",
        "--content",
        str(project / "content"),
    )
    assert event.returncode == 0, event.stderr
    fi = next((project / "content" / "articles").glob("*-seminaari-oulussa.fi.md"))
    sv = fi.with_name(fi.name.replace(".fi.md", ".sv.md"))
    assert (_metadata(fi)["Category"], _metadata(sv)["Category"]) == ("Tapahtumat", "Evenemang")
    assert _metadata(sv)["Original"] == "fi" and _metadata(fi)["Title"] == "Seminaari Oulussa"
    # An event gets its fields to fill in: the times the same in both files, the place in each language.
    for metadata in (_metadata(fi), _metadata(sv)):
        assert metadata["Start"] == metadata["End"] == "TODO: YYYY-MM-DD HH:MM"
        assert metadata["Timezone"] == "TODO: Europe/Stockholm / Europe/Helsinki"
        assert metadata["Venue"].startswith("TODO: ") and metadata["Online"].startswith("TODO: yes, no ")
    check = run(project, "check", "--content", str(project / "content"))
    assert check.returncode == 0 and "note:" not in check.stdout, check.stdout
    for path in (fi, sv):
        path.write_text(path.read_text("utf-8").replace("Status: draft", "Status: published"), "utf-8")
    published = run(project, "check", "--content", str(project / "content"))
    assert "placeholder left in Start of a published item" in reported(published.stdout, f"articles/{fi.name}", 9, "")


def test_new_refuses_an_existing_item_and_an_unknown_category(tmp_path):
    project = make_project(tmp_path)
    assert run(project, "new", "Samma rubrik", "--content", str(project / "content")).returncode == 0
    again = run(project, "new", "Samma rubrik", "--content", str(project / "content"))
    assert again.returncode == 1
    assert "already" in again.stderr and "Key: samma-rubrik" in again.stderr
    unknown = run(project, "new", "Annan rubrik", "--category", "Sport", "--content", str(project / "content"))
    assert unknown.returncode == 1
    assert "there is no category 'Sport' — choose one of Nyheter / Uutiset, Evenemang / Tapahtumat" in unknown.stderr


def test_new_refuses_a_title_without_letters_or_digits(tmp_path):
    project = make_project(tmp_path)
    before = snapshot(project / "content")
    result = run(project, "new", "!!!", "--content", str(project / "content"))
    assert result.returncode == 1
    assert "the title '!!!' has no letters or digits to make an address from" in result.stderr
    assert "empty" not in result.stderr
    assert snapshot(project / "content") == before


def test_the_archetypes_are_content_files_an_editor_can_read():
    """What `invoke new` writes is in sitebuild/editors/archetypes: Markdown files in the form of a content file."""
    from plugins.content_check.document import parse_document
    from sitebuild.editors.new_item import ARCHETYPES

    files = sorted(ARCHETYPES.glob("*.md"))
    assert {path.name for path in files} >= {
        f"{kind}.{lang}.md" for kind in ("original", "translation", "event") for lang in ("sv", "fi")
    }
    for path in files:
        if path.name == "README.md":
            continue
        doc = parse_document(path.read_text("utf-8"), path, "article")
        assert doc.fields and doc.stray_line is None and not doc.duplicates, path.name
        if not path.name.startswith("event."):
            assert doc.lang == path.name.split(".")[-2] and doc.body.strip().startswith("TODO: "), path.name


def test_new_refuses_a_language_without_its_archetypes_and_names_the_files_to_add(tmp_path, monkeypatch):
    import sitebuild.editors.new_item as new_item

    with pytest.raises(new_item.ScaffoldError) as refused:
        new_item.language_archetypes(["sv", "fi", "de"])
    message = str(refused.value)
    for kind in ("original", "translation", "event"):
        assert f"German (de) has no sitebuild/editors/archetypes/{kind}.de.md" in message
    assert "copy the Swedish ones" in message and "sitebuild/editors/archetypes/README.md" in message
    # An archetype that says another language is refused too, before anything is written.
    project = make_project(tmp_path)
    before = snapshot(project / "content")
    folder = tmp_path / "archetypes"
    shutil.copytree(new_item.ARCHETYPES, folder)
    finnish = folder / "translation.fi.md"
    finnish.write_text(finnish.read_text("utf-8").replace("Lang: fi", "Lang: sv"), "utf-8")
    monkeypatch.setattr(new_item, "ARCHETYPES", folder)
    with pytest.raises(new_item.ScaffoldError) as wrong:
        new_item.new_item(project / "content", "Ny rubrik")
    assert str(wrong.value).endswith("`Lang: sv`, but it is the Finnish archetype — write `Lang: fi`")
    assert snapshot(project / "content") == before


# invoke translations / translated ---------------------------------------------------------------------


def test_translations_lists_missing_and_counts_up_to_date(tmp_path):
    project = make_project(tmp_path)
    result = run(project, "translations", "--content", str(project / "content"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Missing a translation (1):"
    assert lines[1].startswith("  content/articles/2022-05-02-bara-svenska.sv.md (article, published): no Finnish")
    assert lines[-1] == "2 up to date, 0 out of date, 0 not marked, 1 missing (3 articles and pages)."


def test_a_changed_original_makes_its_translation_out_of_date_until_marked(tmp_path):
    project = make_project(tmp_path)
    original = project / "content" / "articles" / "2022-09-15-nyhet.sv.md"
    translation = project / "content" / "articles" / "2022-09-15-nyhet.fi.md"
    # Rewrapping a paragraph changes nothing a translator needs to see.
    original.write_text(original.read_text("utf-8").replace(" Läs mer [om", "\nLäs mer [om"), "utf-8")
    assert "2 up to date" in run(project, "translations", "--content", str(project / "content")).stdout
    original.write_text(original.read_text("utf-8").replace("Ett [Letter", "Ett nytt [Letter"), "utf-8")
    report = run(project, "translations", "--content", str(project / "content")).stdout
    assert "Translation out of date (1):" in report
    assert (
        "  content/articles/2022-09-15-nyhet.fi.md: content/articles/2022-09-15-nyhet.sv.md has changed since it was"
        " translated" in report
    )
    assert "then run `invoke translated content/articles/2022-09-15-nyhet.fi.md`" in report
    before = translation.read_text("utf-8").splitlines()
    marked = run(
        project, "translated", "content/articles/2022-09-15-nyhet.fi.md", "--content", str(project / "content")
    )
    assert marked.returncode == 0, marked.stderr
    after = translation.read_text("utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 1 and changed[0][1].startswith("Original_hash: ")
    assert "2 up to date, 0 out of date" in run(project, "translations", "--content", str(project / "content")).stdout


def _git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Redaktör", "-c", "user.email=redaktor@example.com", *args],
        cwd=project,
        check=True,
        capture_output=True,
    )


def test_translations_diff_shows_what_changed_in_the_original_since_it_was_translated(tmp_path):
    project = make_project(tmp_path)
    original = project / "content" / "articles" / "2022-09-15-nyhet.sv.md"
    _git(project, "init", "-q")
    _git(project, "add", "content")
    _git(project, "commit", "-q", "-m", "Nyhet och översättning")
    text = original.read_text("utf-8")
    original.write_text(
        text.replace("Ett [Letter", "Ett nytt [Letter").replace("redovisar sina resultat", "visar sina resultat"),
        "utf-8",
    )
    _git(project, "commit", "-q", "-am", "Ändrad nyhet")
    original.write_text(original.read_text("utf-8").replace("\n## Program", "\nMer text.\n\n## Program"), "utf-8")
    result = run(project, "translations", "--diff", "--content", str(project / "content"))
    assert result.returncode == 0, result.stderr
    assert "see what changed with `invoke translations --diff`" in result.stdout
    changes = result.stdout.split("Changes since translation ([-removed-] {+added+}):\n", 1)[1].splitlines()
    assert changes[0].startswith(
        "content/articles/2022-09-15-nyhet.fi.md: what changed in content/articles/2022-09-15-nyhet.sv.md"
        " since the version it was translated from ("
    )
    # Committed and uncommitted changes alike, word by word; nothing else.
    assert changes[1:] == [
        "  Summary: Projektet [-redovisar-] {+visar+} sina resultat på en konferens i …",
        "  Text: … 22 september 2022 kl 9.00–15.00 Ett {+nytt+} [Letter of intent]{lang=en} undertecknas. Läs mer …",
        "  Text: … sida](https://batteryregion.eu/om-projektet/) eller [startsidan](https://batteryregion.eu/)."
        " ![Deltagare vid konferensen]({static}/images/bild.png) {+Mer text.+} ## Program Koden `<script>` visas som …",
    ]


def test_translations_diff_without_the_translated_version_in_git_says_so(tmp_path):
    project = make_project(tmp_path)
    original = project / "content" / "articles" / "2022-09-15-nyhet.sv.md"
    original.write_text(original.read_text("utf-8").replace("Ett [Letter", "Ett nytt [Letter"), "utf-8")
    result = run(project, "translations", "--diff", "--content", str(project / "content"))
    assert result.returncode == 0, result.stderr
    assert (
        "content/articles/2022-09-15-nyhet.fi.md: the version of content/articles/2022-09-15-nyhet.sv.md it was"
        " translated from is not in the git history — commit the files" in result.stdout
    )
    other = make_project(tmp_path / "other")
    up_to_date = run(other, "translations", "--diff", "--content", str(other / "content"))
    assert up_to_date.stdout.splitlines()[-1] == "No translation is out of date."


def test_translations_as_json(tmp_path):
    project = make_project(tmp_path)
    page = project / "content" / "pages" / "om.fi.md"
    page.write_text("".join(line for line in page.read_text("utf-8").splitlines(True) if "Original_hash" not in line))
    result = run(project, "translations", "--format", "json", "--content", str(project / "content"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    items = {item["key"]: item for item in data["items"]}
    assert items["bara-svenska"]["missing"] == ["fi"] and items["bara-svenska"]["translations"] == []
    assert items["nyhet"]["files"]["fi"] == {"path": "content/articles/2022-09-15-nyhet.fi.md", "status": "published"}
    assert items["nyhet"]["translations"][0]["state"] == "current"
    unmarked = items["om-projektet"]["translations"][0]
    assert (unmarked["lang"], unmarked["state"], unmarked["recorded_hash"]) == ("fi", "unmarked", None)
    assert data["summary"] == {"missing": 1, "outdated": 0, "unmarked": 1, "current": 1}


def test_translated_refuses_a_file_that_is_not_a_translation(tmp_path):
    project = make_project(tmp_path)
    result = run(
        project, "translated", "content/articles/2022-09-15-nyhet.sv.md", "--content", str(project / "content")
    )
    assert result.returncode == 1
    assert "has no `Original:` line" in result.stderr


WORDS = ["ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]


@pytest.mark.parametrize(
    ("new", "hunks"),
    [
        (WORDS, []),
        # A changed word with its context (CONTEXT_WORDS each side), … where text is left out.
        ([*WORDS[:5], "SEX", *WORDS[6:]], ["ett två tre fyra fem [-sex-] {+SEX+} sju åtta nio tio elva tolv"]),
        (["noll", *WORDS], ["{+noll+} ett två tre fyra fem sex …"]),
        ([*WORDS, "tretton"], ["… sju åtta nio tio elva tolv {+tretton+}"]),
        (WORDS[:-2], ["… fem sex sju åtta nio tio [-elva tolv-]"]),
        ([], ["[-ett två tre fyra fem sex sju åtta nio tio elva tolv-]"]),
    ],
)
def test_word_diff_shows_each_change_with_a_few_words_around_it(new, hunks):
    from sitebuild.editors.translation_status import word_diff

    assert word_diff(WORDS, new) == hunks


def test_word_diff_shows_changes_far_apart_as_two_hunks():
    from sitebuild.editors.translation_status import word_diff

    old = [*WORDS, *(f"{word}-2" for word in WORDS)]
    new = [*old[:1], "X", *old[2:-2], "Y", *old[-1:]]
    assert word_diff(old, new) == [
        "ett [-två-] {+X+} tre fyra fem sex sju åtta …",
        "… fem-2 sex-2 sju-2 åtta-2 nio-2 tio-2 [-elva-2-] {+Y+} tolv-2",
    ]
