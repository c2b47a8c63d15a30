"""The build: one ordered list of steps, from content to a finished site swapped into place."""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import FOLDER_MODE, PELICANCONF, ROOT, BuildError, postprocess, shown
from .catalogs import check_catalogs, compile_catalogs
from .editors.new_item import language_archetypes
from .media import CACHE as MEDIA_CACHE
from .media import publish_media
from .now import resolve_now, settings_arguments, source_date_epoch
from .search import index_search, search_part_pages
from .unchanged import inputs_digest, remember, unchanged_counts
from .validate import MARKDOWN_CACHE, checked_content, content_settings


def is_production(settings: dict) -> bool:
    """Whether these settings make the production output (publishconf.py sets POSTPROCESS: sitebuild/postprocess)."""
    return bool(settings.get("POSTPROCESS"))


def build_moment(settings: Path, now: str | None = None, config: dict | None = None) -> str:
    """The "now" a build with `settings` is made as of: `now` if given, else the last commit's time for production
    (a commit always gives the same site), else the clock."""
    config = config if config is not None else content_settings(ROOT / "content", settings)
    return resolve_now(settings, now, source_date_epoch() if is_production(config) else None)


def legacy_redirects(index, settings: dict) -> list:
    """The old addresses the production site redirects, from the checked content (plugins/content_check)."""
    from plugins.content_check import ContentError
    from plugins.content_check.aliases import legacy_aliases

    try:
        return legacy_aliases(index, settings["SITEURL"])
    except ContentError as error:
        raise BuildError(str(error)) from None


def old_addresses(index, settings: dict) -> list:
    """The old WordPress addresses the production site redirects (content/redirects/wordpress.json), each resolved
    from the checked content: a changed slug followed, drafts and items dated later left out."""
    from plugins.content_check import ContentError
    from plugins.content_check.old_addresses import old_addresses as resolved

    try:
        return resolved(index, settings["SITEURL"])
    except ContentError as error:
        raise BuildError(str(error)) from None


def count_pages(output: Path, languages: list[str]) -> dict[str, int]:
    """HTML pages written per language: the main language (the first) at the root, each other under its code."""
    main, *subsites = languages
    counts = dict.fromkeys(languages, 0)
    for page in output.rglob("*.html"):
        top = page.relative_to(output).parts[0]
        counts[top if top in subsites else main] += 1
    return counts


def language_groups(languages: list[str], processes: int) -> list[list[str]] | None:
    """The languages each Pelican process writes, one process per core; None when one process writes them all."""
    count = min(len(languages), processes)
    return [languages[start::count] for start in range(count)] if count > 1 else None


def run_pelican(
    content: Path,
    settings: Path,
    output: Path,
    now: str,
    quiet: bool,
    media_manifest: Path | None = None,
    markdown_store: Path | None = None,
    groups: list[list[str]] | None = None,
) -> str | None:
    """Pelican into `output`, in fresh processes (i18n_subsites keeps module-global state).

    `media_manifest` names what the media step published (plugins/media reads it as MEDIA_MANIFEST);
    `markdown_store` holds what the check converted (plugins/markdown_store reads it as MARKDOWN_STORE);
    `groups` (language_groups) splits the writing between processes running side by side
    (plugins/write_languages), else one process writes every language.
    Returns None on success, else what Pelican reported (empty when not quiet and one process: it went to the
    terminal; several processes report the same problems, given once).
    """
    command = [
        sys.executable,
        "-m",
        "sitebuild.pelican_run",
        str(content),
        "--settings",
        str(settings),
        "--output",
        str(output),
        "--ignore-cache",
        *settings_arguments(now),
        *([f"MEDIA_MANIFEST={json.dumps(str(media_manifest))}"] if media_manifest else []),
        *([f"MARKDOWN_STORE={json.dumps(str(markdown_store))}"] if markdown_store else []),
    ]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not groups:
        result = subprocess.run(command, check=False, cwd=ROOT, env=environment, capture_output=quiet, text=True)
        if result.returncode != 0:
            return (result.stdout + result.stderr) if quiet else ""
        return None
    with contextlib.ExitStack() as files:
        # Files, not pipes: a process blocked on a full pipe while another is awaited would never end.
        logs = [files.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8")) for _group in groups]
        processes = [
            subprocess.Popen(
                [*command, f"WRITE_LANGUAGES={json.dumps(group)}"],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for group, log in zip(groups, logs, strict=True)
        ]
        statuses = [process.wait() for process in processes]
        reported = []
        for log in logs:
            log.seek(0)
            reported += log.read().splitlines()
    if any(statuses):
        return "".join(f"{line}\n" for line in dict.fromkeys(reported))
    return None


def write_sitemap(site: Path, config: dict) -> None:
    """sitemap.xml and robots.txt from the pages of every language in `site` (plugins/sitemap); BuildError naming
    the page and the fix when a page's head contradicts where it was written."""
    from plugins.sitemap import sitemap_files
    from plugins.sitemap.sitemap import SitemapError

    try:
        sitemap_files(site, config)
    except SitemapError as error:
        raise BuildError(str(error)) from None


@contextlib.contextmanager
def alongside(work, *arguments):
    """`work(*arguments)` in a thread while the block runs; waited for at the end of the block, its error raised."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        future = pool.submit(work, *arguments)
        yield
        future.result()


def release_memory() -> None:
    """Give the memory this process has freed back to the system (glibc keeps it for later otherwise)."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def media_manifest_path(output: Path) -> Path:
    """Where the last build of `output` left what its media step published (MEDIA_MANIFEST)."""
    return output.with_name(f".{output.name}.media.json")


def swap_into_place(staging: Path, output: Path) -> None:
    """Replace `output` by the finished `staging` folder (a failed build never gets here)."""
    if output.exists():
        previous = output.with_name(f".{output.name}.previous")
        shutil.rmtree(previous, ignore_errors=True)
        output.rename(previous)
        staging.rename(output)
        shutil.rmtree(previous)
    else:
        staging.rename(output)


def run_build(
    content: Path = ROOT / "content",
    output: Path = ROOT / "output",
    settings: Path = PELICANCONF,
    quiet: bool = False,
    now: str | None = None,
    media_cache: Path = MEDIA_CACHE,
    markdown_cache: Path = MARKDOWN_CACHE,
    processes: int | None = None,
) -> dict[str, int]:
    """Check, build into a fresh folder and replace `output` only if every step succeeded.

    "Now" is worked out once (`resolve_now`) and given to every step that needs it; the content is read once
    by the check, and what it read (the content index) serves the media step and the steps after Pelican.
    Each Markdown text is converted once, by the check, and Pelican takes the HTML for every language from
    `markdown_cache`; processed images are kept in `media_cache`. Both are kept between builds. Pelican writes the
    languages in `processes` processes side by side (default: one per core the build may use).
    """
    started = time.monotonic()
    config = content_settings(content, settings)
    languages = list(config["LANGUAGES"])
    production = is_production(config)
    epoch = source_date_epoch() if production else None
    now = build_moment(settings, now, config)
    # What `invoke new` needs of every language: a language without its archetypes fails here, naming them.
    language_archetypes(languages)
    output = output.resolve()
    # 0. Nothing changed since the last build of this output, and nobody touched it: nothing to redo.
    inputs = inputs_digest(config, settings, now, epoch)
    unchanged = unchanged_counts(output, inputs)
    if unchanged is not None:
        if not quiet:
            print(f"Nothing changed since the last build of {shown(output)} (as of {now}): kept as it is.")
        return unchanged
    # 1. Content: any error stops the build before anything is written.
    index = checked_content(content, settings, now, markdown_cache)
    # 2. Interface catalogs: complete, then compiled.
    problems = check_catalogs(settings=config)
    if problems:
        raise BuildError("\n".join(problems))
    compile_catalogs(config)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    # mkdtemp makes the folder private (0700); it becomes the site root, which the web server reads as another user.
    staging.chmod(FOLDER_MODE)
    manifest = staging.with_name(f"{staging.name}.media.json")
    try:
        # 3. Media: the images and documents the content uses, written once for every language (cached).
        media = publish_media(index, staging, media_cache)
        manifest.write_text(json.dumps(media.manifest), encoding="utf-8")
        # What production needs of the checked content after Pelican, taken now; then the content index is let go
        # of and given back to the system, so that it does not sit beside the Pelican processes.
        aliases = legacy_redirects(index, config) if production else None
        addresses = old_addresses(index, config) if production else None
        index = None
        release_memory()
        # 4. Pelican: every language, in processes of their own, side by side on the machine's cores (each reads
        # all content; each writes some languages); then what reads the pages of every language.
        groups = language_groups(languages, processes or len(os.sched_getaffinity(0)))
        failure = run_pelican(content, settings, staging, now, quiet, manifest, markdown_cache, groups)
        if failure is not None:
            raise BuildError(f"{failure}The build failed; {output} was not replaced.".strip())
        counts = count_pages(staging, languages)
        # The sitemap reads the heads of every language's pages once every process has finished (each wrote some
        # languages). Production: from the pages as Pelican wrote them, before step 5 rewrites them; development:
        # beside the search index (step 6), on the core Pagefind leaves idle.
        if groups and production:
            write_sitemap(staging, config)
        # 5. Production: security.txt, minified, fingerprinted, redirects (the checked content's aliases and old
        # addresses; those of images lead to what step 3 published).
        if production:
            try:
                postprocess.before_search(
                    staging,
                    config,
                    aliases,
                    int(epoch),
                    addresses,
                    media.manifest,
                )
            except postprocess.fonts.FontError as error:
                raise BuildError(str(error)) from None
        # 6. The search index, one per language, of the pages as they will be served. Pagefind holds the whole
        # index in memory: what this process freed is given back to the system first.
        release_memory()
        searched = [lang for lang, count in counts.items() if count]
        with alongside(write_sitemap, staging, config) if groups and not production else contextlib.nullcontext():
            index_search(staging, searched, part_pages=search_part_pages(config))
        # 7. Production: stable search entry, _headers, precompressed copies, modes and times.
        if production:
            postprocess.after_search(staging, int(epoch))
        # 8. The finished site replaces the last good one.
        swap_into_place(staging, output)
        # What the media step published, kept beside the output for the development server's updates (sitebuild/live).
        os.replace(manifest, media_manifest_path(output))
        remember(output, inputs, counts)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        manifest.unlink(missing_ok=True)
    if not quiet:
        elapsed = time.monotonic() - started
        pages = ", ".join(f"{count} {config['LANGUAGES'][lang]['name']}" for lang, count in counts.items())
        print(f"Built {output}: pages {pages}; {media.summary()}; in {elapsed:.1f} s.")
    return counts
