"""The report's pictures, drawn by matplotlib (Agg, no display) with a networkx layout, and
embedded as PNG data URIs so the page needs nothing else when it is opened."""

from __future__ import annotations

import base64
import io
from typing import Any

# The article view's colours (``html.COLOURS``), darker for nodes drawn on white.
NODE_COLOURS = {
    "ORG": "#1f9e9e",
    "PER": "#6a51c9",
    "LOC": "#e0662c",
    "EVENT": "#c9a400",
    "PRODUCT": "#3f9a35",
    "MISC": "#888888",
}


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # no display, no GUI toolkit
    import matplotlib.pyplot as plt

    return plt


def _data_uri(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    _pyplot().close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def timeline_chart(rows: list[dict[str, Any]]) -> str:
    """Articles per period as bars, mentions as a line on a second axis; a PNG data URI."""
    plt = _pyplot()
    periods = [r["period"] for r in rows]
    figure, bars = plt.subplots(figsize=(9, 3.2))
    bars.bar(periods, [r["articles"] for r in rows], color="#4c78a8", label="articles")
    bars.set_ylabel("articles")
    bars.yaxis.get_major_locator().set_params(integer=True)
    line = bars.twinx()
    line.plot(periods, [r["mentions"] for r in rows], color="#e45756", marker="o")
    line.set_ylabel("mentions", color="#e45756")
    bars.tick_params(axis="x", labelrotation=45 if len(periods) > 12 else 0)
    bars.set_title("Articles and mentions by year")
    return _data_uri(figure)


def network_picture(edges: list[dict[str, Any]]) -> str:
    """The strongest pairs as a graph (spring layout, fixed seed: the same picture each run):
    nodes coloured by type and sized by their weighted degree, edges as wide as their
    weight; a PNG data URI."""
    import networkx as nx

    from motorpme.read.network import graph

    plt = _pyplot()
    g = graph(edges)
    figure, axes = plt.subplots(figsize=(10, 8))
    axes.set_axis_off()
    if g.number_of_nodes():
        layout = nx.spring_layout(g, seed=7, k=2.5 / max(g.number_of_nodes(), 1) ** 0.5)
        strength = dict(g.degree(weight="weight"))
        most = max(strength.values())
        nx.draw_networkx_edges(
            g,
            layout,
            ax=axes,
            width=[
                0.6 + 3 * d["weight"] / max(e["weight"] for e in edges)
                for *_, d in g.edges(data=True)
            ],
            edge_color="#9aa5b1",
        )
        nx.draw_networkx_nodes(
            g,
            layout,
            ax=axes,
            node_size=[120 + 900 * strength[n] / most for n in g.nodes],
            node_color=[NODE_COLOURS.get(g.nodes[n]["type"], "#888888") for n in g.nodes],
            alpha=0.9,
        )
        nx.draw_networkx_labels(
            g, layout, labels={n: g.nodes[n]["label"] for n in g.nodes}, font_size=8, ax=axes
        )
        for label, colour in NODE_COLOURS.items():
            if any(g.nodes[n]["type"] == label for n in g.nodes):
                axes.scatter([], [], color=colour, label=label)
        axes.legend(loc="lower right", frameon=False)
    axes.set_title("Entities that share sentences (strongest pairs)")
    return _data_uri(figure)
