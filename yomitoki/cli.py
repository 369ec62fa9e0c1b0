"""The ``yomitoki`` command line (messages in Japanese, for municipal staff).

    yomitoki build            build the site (mkdocs build --strict)
    yomitoki check            build into a temporary folder and report what is missing
    yomitoki outline          each plan's recovered outline: title, chapters, headings, pages, tables, terms
    yomitoki export DIR       the site's pages as plain files (docs/, mkdocs.yml, a preview) in DIR
    yomitoki narrate TEXT...  each text in the narration (読み上げ版) numeral style
    yomitoki reading TEXT...  each text's hiragana reading, as the site's ruby gives it
"""
from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2


def _config_path(arg: str) -> Path:
    path = Path(arg)
    if not path.is_file():
        raise SystemExit(_fail(f"設定ファイル {arg} が見つかりません。mkdocs.yml のあるフォルダで実行するか、--config で場所を指定してください。"))
    return path


def _fail(message: str) -> int:
    print(f"エラー: {message}", file=sys.stderr)
    return EXIT_ERROR


def _load_config(config_file: Path, site_dir: Path | None = None):
    """mkdocs.yml loaded and checked by MkDocs (with yomitoki's options, as the build reads them)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    overrides = {"strict": True}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir)
    try:
        return load_config(config_file=str(config_file), **overrides)
    except MkDocsException:      # (Abort included: MkDocs has logged what is wrong, above)
        raise SystemExit(_fail(f"{config_file} の設定に誤りがあります。上の ERROR の行を見て直してください。")) from None


def _mkdocs_build(config_file: Path, site_dir: Path | None, *, strict_text: bool = False) -> None:
    """``mkdocs build --strict``; ``strict_text`` also stops at damaged bytes in a source text."""
    from mkdocs.commands.build import build

    from .site.plugin import override

    cfg = _load_config(config_file, site_dir)
    if strict_text:
        override(cfg, strict=True)
    build(cfg)


def _build_failure(exc: Exception) -> str:
    """What to say when ``mkdocs build`` stopped: MkDocs' own "Aborted with …" follows the lines that say why."""
    from mkdocs.exceptions import Abort

    if isinstance(exc, Abort):
        return "サイトを作成できませんでした。上の ERROR や WARNING の行を見て直してください。"
    return str(exc)


def _settings(config_file: Path):
    """yomitoki's settings in ``config_file``, read as the build reads them (plugin or hooks)."""
    from .site.plugin import project_settings

    return project_settings(_load_config(config_file))


def cmd_build(args: argparse.Namespace) -> int:
    from mkdocs.exceptions import MkDocsException

    config_file = _config_path(args.config)
    try:
        _mkdocs_build(config_file, Path(args.site_dir) if args.site_dir else None, strict_text=args.strict)
    except MkDocsException as exc:
        return _fail(_build_failure(exc))
    print("サイトを作成しました: " + (args.site_dir or "site/"))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Everything staff should look at before publishing; non-zero exit when something blocks it."""
    from mkdocs.exceptions import MkDocsException

    from .site.check import format_missing, missing_pieces, site_text_for
    from .site.outline import joined_lines
    from .errors import YomitokiError
    from .text.ocr import suspects
    from .site.pipeline import LazyReadingEngine, build_site
    from .render.ruby import RubyRenderer

    config_file = _config_path(args.config)
    try:
        settings = _settings(config_file)
        # The engine the site reads with, and every text its pages carry with ruby.
        engine = LazyReadingEngine(settings)
        engine.check()
        ruby = RubyRenderer() if settings.ruby.enabled else None
        site = build_site(settings, ruby=ruby, engine=engine)
        readings = _site_readings(site, ruby, engine)
    except YomitokiError as exc:
        return _fail(str(exc))
    blocking = 0
    for note in site.skipped:
        print(f"△ {note}")
    with tempfile.TemporaryDirectory(prefix="yomitoki-check-") as tmp:
        try:
            _mkdocs_build(config_file, Path(tmp))
        except MkDocsException as exc:
            return _fail(_build_failure(exc))
        for doc in site.documents:
            print(f"■ {doc.path} ({doc.title})")
            if doc.title_source == "file":
                print(f"  △ 本文から題名を見つけられなかったため、ファイル名「{doc.title}」を題名にしました。"
                      f"mkdocs.yml の plans で title を設定してください。")
            missing = missing_pieces(doc, site_text_for(Path(tmp), doc))
            if missing:
                blocking += len(missing)
                print(f"  × サイトに見つからない原文が {len(missing)} か所あります:")
                for line in format_missing(missing):
                    print("    " + line)
            else:
                print("  ○ 原文の文字はすべてサイトに載っています。")
            damaged = [w for w in doc.warnings if w.kind == "damaged"]
            if damaged:
                blocking += len(damaged)
                print(f"  × 読めなかった文字が {len(damaged)} か所あり、「〓」で示しています。元の文書で確認してください:")
                for w in damaged:
                    print(f"    {w.path} の {w.line} 行目: {w.message}")
            for w in doc.warnings:
                if w in damaged:
                    continue
                where = "行目から" if w.kind == "unstructured" else "行目"
                print(f"  △ {w.path} の {w.line} {where}: {w.message}")
            for s in suspects(doc.text):
                print(f"  △ {doc.path} の {s.line} 行目: 「{s.word}」は「{s.likely}」の読み取り誤りかもしれません (「{s.likely}」はこの計画に {s.count} 回あります)。")
            if doc.elided:
                print(f"  ・表の見出しの繰り返しとして省いた文字列が {len(doc.elided)} か所あります:")
                for line, text in doc.elided:
                    print(f"    {doc.path} の {line} 行目: 「{text}」")
            changes = [c for c in doc.changes if c.kind != "joined"]
            joined = [c for c in doc.changes if c.kind == "joined"]
            if changes:
                print(f"  ・原文から直したこと・省いたことが {len(changes)} か所あります（確かめてください）:")
                shown = changes if args.all else changes[:40]
                for c in shown:
                    where = f"{c.line} 行目 {c.column} 文字目" if c.column else f"{c.line} 行目"
                    after = f"「{c.after}」" if c.after else "（省略）"
                    print(f"    {doc.path} の {where}: 「{c.before}」→ {after}　{c.reason}")
                if len(changes) > len(shown):
                    print(f"    ほか {len(changes) - len(shown)} か所 (すべて見るには --all)")
            if joined:
                print(f"  ・改行で切れた文を次の行とつないだ所が {len(joined)} か所あります"
                      + (":" if args.all else f"（{joined_lines(joined)}。一つずつ見るには --all）"))
                for c in joined if args.all else []:
                    print(f"    {doc.path} の {c.line} 行目の終わり: 「{c.before}」→「{c.after}」")
            if doc.slug in readings:
                _report_readings(readings[doc.slug], args.all)
    if blocking:
        print(f"\n公開前に直す必要がある問題が {blocking} 件あります (×印)。△印は確認をお勧めする点です。")
        return EXIT_PROBLEMS
    print("\n公開を止める問題はありません。△印は確認をお勧めする点です。")
    return EXIT_OK


def _site_readings(site, ruby, engine) -> dict:
    """Each plan's texts as the site reads them (all texts at once, in the site's order), by slug."""
    if ruby is None:
        return {}
    texts = list(ruby.texts)
    analyses = dict(zip(texts, engine.analyse_many(texts)))
    return {slug: [analyses[t] for t in plan_texts] for slug, plan_texts in site.texts.items()}


def _report_readings(analyses: list, show_all: bool, limit: int = 40) -> None:
    """The plan's words without ruby, and the words whose reading staff should check."""
    from .enrich.second_opinion import doubts

    unknown = list(dict.fromkeys(w for a in analyses for w in a.unknown()))
    names = list(dict.fromkeys(w for a in analyses for w in a.names()))
    if unknown:
        print(f"  △ 読みを決められなかったため、ふりがなを付けなかった言葉が {len(unknown)} 語あります"
              "（読みが分かれば readings.tsv に登録してください）:")
        print("    " + _joined(unknown, show_all, limit))
    if names:
        print(f"  ・人の名前 {len(names)} 件には、ふりがなを付けていません（漢字から読みが決まらないため。"
              "付けるときは readings.tsv に登録してください）:")
        print("    " + _joined(names, show_all, limit))
    found = doubts(analyses)
    if not found:
        return
    print(f"  △ 読みを確かめてください: 形態素解析と pykakasi とで読みが分かれた言葉が {len(found)} 語あります"
          "（サイトには「→」の左の読みが付きます。違っていれば readings.tsv に登録してください）:")
    shown = found if show_all else found[:limit]
    for d in shown:
        times = f"（{d.count} か所）" if d.count > 1 else ""
        other = d.other or "読みなし"
        print(f"    「{d.word.strip()}」→ {d.reading.strip()}（pykakasi: {other.strip()}）{times}　例: {d.sentence}")
    if len(found) > len(shown):
        print(f"    ほか {len(found) - len(shown)} 語 (すべて見るには --all)")


def _joined(words: list[str], show_all: bool, limit: int) -> str:
    shown = words if show_all else words[:limit]
    rest = len(words) - len(shown)
    return "、".join(shown) + (f" ほか {rest} 語 (すべて見るには --all)" if rest else "")


def cmd_outline(args: argparse.Namespace) -> int:
    """What the site will make of each plan: one screen per plan, before anything is built."""
    from .enrich.glossary import Glossary
    from .errors import YomitokiError
    from .site.outline import outline_lines
    from .site.pipeline import load_documents

    config_file = _config_path(args.config)
    try:
        settings = _settings(config_file)
        skipped: list[str] = []
        docs = load_documents(settings, skipped)
    except YomitokiError as exc:
        return _fail(str(exc))
    glossary = Glossary.from_documents(docs) if settings.glossary.enabled else None
    wanted = set(args.plan or [])
    for note in skipped:
        print(f"△ {note}")
    shown = 0
    for doc in docs:
        stem = doc.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if wanted and not wanted & {stem, doc.slug}:
            continue
        terms = None
        if glossary is not None:
            terms = [e.term for e in glossary if e.plan == doc.slug]
        print("\n".join(outline_lines(doc, terms, full=args.all)))
        print()
        shown += 1
    if wanted and not shown:
        return _fail(f"計画「{'、'.join(sorted(wanted))}」が見つかりません。ファイル名（.txt を除く）かサイトでのフォルダ名を指定してください。")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """The pages, the glossary and the assets as plain files any Markdown generator can build."""
    from .errors import YomitokiError
    from .site.export import export_project

    config_file = _config_path(args.config)
    config = _load_config(config_file)
    try:
        result = export_project(config, Path(args.dir), preview=not args.no_preview)
    except YomitokiError as exc:
        return _fail(str(exc))
    print(f"書き出しました: {result.target}")
    print(f"  docs/ … ページ {result.pages} 件（うち yomitoki が作ったページ {result.generated} 件）と、見た目のファイル")
    print("  overrides/ … テーマのテンプレート")
    print("  mkdocs.yml … yomitoki を使わない設定")
    if result.preview is not None:
        print(f"  プレビュー: {result.preview}（ブラウザで開けます）")
    for note in result.notes:
        print(f"△ {note}")
    print(f"サイトを作るには: cd {result.target} && zensical build（または mkdocs build）")
    return EXIT_OK


def cmd_narrate(args: argparse.Namespace) -> int:
    from .enrich.numerals import narrate

    for text in args.text:
        print(narrate(text))
    return EXIT_OK


def cmd_reading(args: argparse.Namespace) -> int:
    """Each text's reading, by the engine the site uses: the shipped dictionaries, the
    staff's readings.tsv and the plans' glossaries (when run where mkdocs.yml is)."""
    from .errors import SourceError, YomitokiError
    from .site.pipeline import LazyReadingEngine, Settings, glossary_readings

    config_file = Path(args.config)
    try:
        if config_file.is_file():
            settings = _settings(config_file)
            engine = LazyReadingEngine(settings)
            engine.check()
            try:
                engine.add_terms(glossary_readings(settings), source="glossary")
            except SourceError:
                pass                    # no plans to read their glossaries from: the rest still applies
        else:
            if args.config != "mkdocs.yml":
                raise SystemExit(_fail(f"設定ファイル {args.config} が見つかりません。"))
            print("（mkdocs.yml がないため、同梱の辞書だけで読みます）", file=sys.stderr)
            engine = LazyReadingEngine(Settings.from_config({}, Path.cwd()))
        for text in args.text:
            print(engine.reading(text))
    except YomitokiError as exc:
        return _fail(str(exc))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yomitoki", description="障害福祉計画のテキストから、読みやすいウェブサイトを作ります。")
    sub = parser.add_subparsers(dest="command", required=True, metavar="コマンド")
    p = sub.add_parser("build", help="サイトを作成します (mkdocs build --strict)")
    p.add_argument("--config", default="mkdocs.yml", help="設定ファイル (既定: mkdocs.yml)")
    p.add_argument("--site-dir", help="出力先のフォルダ (既定: site)")
    p.add_argument("--strict", action="store_true", help="読めない文字があるファイルで止める (既定: 「〓」で示して続ける)")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("check", help="公開前の確認: 原文がすべてサイトに載っているかなどを調べます")
    p.add_argument("--config", default="mkdocs.yml", help="設定ファイル (既定: mkdocs.yml)")
    p.add_argument("--all", action="store_true", help="読みを確かめる言葉などを省略せずにすべて表示します")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("outline", help="計画ごとに、題名・章・見出し・ページ・表・用語と、直したことを一覧にします (公開前の確認)")
    p.add_argument("plan", nargs="*", help="見る計画 (ファイル名から .txt を除いたもの、またはサイトでのフォルダ名)。省略するとすべて")
    p.add_argument("--config", default="mkdocs.yml", help="設定ファイル (既定: mkdocs.yml)")
    p.add_argument("--all", action="store_true", help="すべての見出し・表・直したことを省略せずに表示します")
    p.set_defaults(func=cmd_outline)
    p = sub.add_parser("export", help="ページ・用語集・見た目のファイルを、他のサイト生成ツールでも使える形で書き出します")
    p.add_argument("dir", help="書き出し先のフォルダ (空のフォルダか、以前に書き出したフォルダ)")
    p.add_argument("--config", default="mkdocs.yml", help="設定ファイル (既定: mkdocs.yml)")
    p.add_argument("--no-preview", action="store_true", help="プレビュー (preview/) を作らない")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("narrate", help="読み上げ版の数字の書き方に直して表示します")
    p.add_argument("text", nargs="+", help="変換する文章")
    p.set_defaults(func=cmd_narrate)
    p = sub.add_parser("reading", help="ふりがな (ひらがなの読み) を表示します (サイトと同じ読み方: readings.tsv も使います)")
    p.add_argument("text", nargs="+", help="読みを調べる文章")
    p.add_argument("--config", default="mkdocs.yml", help="設定ファイル (既定: mkdocs.yml)")
    p.set_defaults(func=cmd_reading)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return _fail("中断しました。")


if __name__ == "__main__":
    sys.exit(main())
