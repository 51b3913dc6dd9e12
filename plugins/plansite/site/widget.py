"""The embeddable list of newest plans (khung nhúng) for local news pages, and its snippet.

A standalone HTML page, not rendered through the theme: inline CSS, no script, no font, no
image, so a news page embedding it in an ``<iframe>`` loads nothing from anywhere but this one
small file. Links open in a new tab.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ..core.feeds import body_name, feed_order
from ..core.plan import Plan
from ..core.urls import PLANS_DIR, plan_url

__all__ = ["WIDGET_ITEMS", "WIDGET_PATH", "embed_snippet", "widget_html"]

#: The widget's folder in the site (``nhung/moi-nhat/index.html``).
WIDGET_PATH = "nhung/moi-nhat/"
#: How many plans the widget lists.
WIDGET_ITEMS = 5
#: Height of the iframe in the snippet, in CSS pixels; in a shorter frame the list scrolls.
WIDGET_HEIGHT = 520

_CSS = """
:root{color-scheme:light}
*{box-sizing:border-box}
html,body{height:100%}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,
sans-serif;color:#1f1f1f;background:#fff}
main{display:flex;flex-direction:column;max-height:100%;padding:12px 14px}
h1{flex:none;margin:0 0 4px;padding-bottom:6px;font-size:16px;line-height:1.3;color:#8e0000;
border-bottom:2px solid #c62828}
ol{flex:0 1 auto;min-height:0;overflow-y:auto;list-style:none;margin:0;padding:0}
li{padding:8px 0;border-bottom:1px solid #e4e4e4}
li:last-child{border-bottom:0}
li a{color:#0d47a1;font-weight:600;text-decoration:none;display:-webkit-box;
-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
a:hover,a:focus{text-decoration:underline}
a:focus-visible,ol:focus-visible{outline:2px solid #0d47a1;outline-offset:2px}
.m{display:block;margin-top:2px;font-size:13px;color:#555}
.f{flex:none;margin:0;padding-top:8px;border-top:1px solid #bbb;font-size:13px;color:#555}
.f a{color:#0d47a1}
.s{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
"""


def widget_html(
    plans: Iterable[Plan],
    *,
    base: str,
    site_name: str,
    feed_url: str | None,
    count: int = WIDGET_ITEMS,
) -> str:
    """The widget page: the newest ``count`` plans, linked under ``base``.

    ``base`` is the site's absolute URL, or ``../../`` (relative to the widget) when the site
    has no ``site_url``. ``feed_url`` is the RSS feed to link, if the site has feeds.
    """
    newest = sorted(plans, key=feed_order)[:count]
    new_tab = '<span class="s"> (mở trong thẻ mới)</span>'
    rows = []
    for plan in newest:
        url = escape(base + plan_url(plan))
        meta = " · ".join(x for x in (body_name(plan), f"Đăng\u00a0{plan.published:%d/%m/%Y}") if x)
        rows.append(
            f'<li><a href="{url}" target="_blank" rel="noopener">{escape(plan.title)}{new_tab}'
            f'</a><span class="m">{escape(meta)}</span></li>'
        )
    if not rows:
        rows.append("<li>Chưa có kế hoạch nào được đăng.</li>")
    links = [
        f'<a href="{escape(base + PLANS_DIR)}/" target="_blank" rel="noopener">'
        f"Xem tất cả kế hoạch{new_tab}</a>"
    ]
    if feed_url:
        links.append(
            f'<a href="{escape(feed_url)}" target="_blank" rel="noopener">'
            f"Nguồn tin RSS{new_tab}</a>"
        )
    title = f"Kế hoạch mới nhất – {site_name}"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="vi">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="robots" content="noindex">',
            '<meta name="referrer" content="strict-origin-when-cross-origin">',
            f"<title>{escape(title)}</title>",
            f"<style>{_CSS.strip()}</style>",
            "</head>",
            "<body>",
            "<main>",
            f'<h1 id="h">Kế hoạch mới nhất <span class="s">– {escape(site_name)}</span></h1>',
            # The list scrolls inside a short frame, so the links below it stay in view.
            '<ol tabindex="0" aria-labelledby="h">',
            *rows,
            "</ol>",
            f'<p class="f">{" · ".join(links)}<br>Nguồn: {escape(site_name)}</p>',
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def embed_snippet(widget_url: str, site_name: str, height: int = WIDGET_HEIGHT) -> str:
    """The HTML a news page pastes to show the widget: one ``<iframe>``, no script.

    ``sandbox`` lets links open in a new tab and nothing else (no script, no form, no
    navigation of the news page itself).
    """
    title = escape(f"Kế hoạch mới nhất – {site_name}")
    return (
        f'<iframe src="{escape(widget_url)}" title="{title}" height="{height}" '
        'style="width:100%;max-width:480px;border:1px solid #ddd" loading="lazy" '
        'sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>'
    )
