"""``pantau news``: crawl the registered sites, extract one page, search what is stored."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from pantau.cli_output import FORMAT, OutputFormat, err, out, print_json, print_table

news_app = typer.Typer(no_args_is_help=True, help="Regional news monitor.")


class ArticleFormat(StrEnum):
    """What ``pantau news extract --format`` accepts: the article as JSON, or as text to read."""

    JSON = "json"
    TEXT = "text"


@news_app.command("crawl")
def news_crawl(
    site: Annotated[str | None, typer.Option(help="one site from the registry")] = None,
    since: Annotated[str | None, typer.Option(help="crawl window start (ISO date)")] = None,
    until: Annotated[str | None, typer.Option(help="crawl window end (ISO date)")] = None,
    max_pages: Annotated[int | None, typer.Option(help="bound on pages fetched")] = None,
    fmt: FORMAT = OutputFormat.TABLE,
) -> None:
    """Crawl the registered news sites politely, then extract, analyse and load what is new."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from dataclasses import asdict

    from rich.progress import Progress, SpinnerColumn, TextColumn

    from pantau import news

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err, transient=True) as progress:
        task = progress.add_task("crawling", total=None)
        seen = {"n": 0}

        def tick(outcome: Any) -> None:
            seen["n"] += 1
            progress.update(task, description=f"crawling: {seen['n']} URLs, last {getattr(outcome, 'url', '')}")

        summary = news.crawl(site=site, since=since, until=until, max_pages=max_pages, progress=tick)
        progress.update(task, description="extracting and loading")
        loaded = asdict(news.process_batch(summary.batch_id, fetch_more=news.fetch_through(news.polite_crawler())))
    result = {"crawl": asdict(summary), "load": loaded}
    if fmt == OutputFormat.JSON:
        print_json(result)
    else:
        print_table([{**summary.outcomes, "batch_id": summary.batch_id, "pages": summary.pages}],
               ["batch_id", "pages", *summary.outcomes], title="Crawl")
        print_table([loaded], ["articles", "inserted", "updated", "unchanged", "mentions", "figures",
                          "implausible_figures", "clusters", "quarantined"], title="Loaded")


@news_app.command("extract")
def news_extract(
    source: Annotated[str, typer.Argument(help="a saved page (file) or a URL")],
    url: Annotated[str | None, typer.Option(help="the page's URL when SOURCE is a file")] = None,
    fmt: Annotated[ArticleFormat, typer.Option("--format", help="json or text")] = ArticleFormat.JSON,
) -> None:
    """Extract one article: title, time, author, text, programmes, regions and figures."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from dataclasses import asdict

    from pantau.news import extract_one

    page = extract_one(source, url=url)
    if fmt == ArticleFormat.JSON:
        print_json(asdict(page))
        return
    out.print(f"{page.title}\n{page.url}\n{page.published_at or ''} {page.author or ''}\n",
              markup=False, highlight=False)
    out.print(page.text, markup=False, highlight=False)
    for figure in page.figures:
        flag = "" if figure["plausible"] else "  [IMPLAUSIBLE]"
        out.print(f"- {figure['kind']}: {figure['text']} = {figure['value']} {figure['unit']}{flag}",
                  markup=False, highlight=False)


@news_app.command("search")
def news_search(term: Annotated[str, typer.Argument(help="words to find in titles and text")],
                since: Annotated[str | None, typer.Option(help="published on or after (ISO date)")] = None,
                fmt: FORMAT = OutputFormat.TABLE) -> None:
    """Search stored articles (canonical copies of each story)."""
    # Loaded when the command runs, so that `pantau --help` imports no warehouse or pandas.
    from pantau.news import search

    rows = search(term, since=since)
    if fmt == OutputFormat.JSON:
        print_json(rows)
    else:
        print_table(rows, ["published_at", "site_name", "title", "url"], title=f"Articles matching {term!r}")
