"""The public map: an accessible SVG choropleth, a server-sorted table and a text summary of the same numbers."""

import re

import pytest
from django.urls import reverse

from madang.inclusion import svgmap
from madang.inclusion.indicators import CityData
from madang.inclusion.selectors import map_view
from madang.inclusion.services import areas_import
from tests.madang.inclusion.factories import collection, feature, square

pytestmark = pytest.mark.django_db


def _page(client, query=""):
    response = client.get(reverse("inclusion:map", args=["seoul"]) + query)
    assert response.status_code == 200
    return response.content.decode()


def _svg(page):
    return re.search(r"<svg [^>]*class=\"choropleth\".*?</svg>", page, re.S).group(0)


def test_the_map_is_an_svg_image_with_title_description_and_one_linked_path_per_area(client, iw):
    svg = _svg(_page(client))
    assert 'role="group"' in svg and 'aria-labelledby="m-title" aria-describedby="m-desc"' in svg
    assert re.search(r'<title id="m-title">Share of residents aged 65 and over by area, Seoul</title>', svg)
    assert "The table after the map gives every value" in svg
    links = re.findall(r'<a href="([^"]+)"><title>([^<]+)</title><path fill="url\(#m-(c\d|nd)\)" d="M', svg)
    assert sorted(href for href, _t, _c in links) == [f"areas/{c}/" for c in ("A1", "A2", "A3", "A4")]
    assert ("areas/A4/", "Delta: 50.0%") in [(h, t) for h, t, _c in links]
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing loaded from the internet


def test_classes_are_told_by_pattern_and_legend_not_only_colour(client, iw):
    page = _page(client)
    svg = _svg(page)
    patterns = re.findall(r'<pattern id="m-c(\d)"[^>]*>(.*?)</pattern>', svg)
    marks = ["".join(re.findall(r'<(?:path|circle)[^>]*class="mk"[^>]*>', inner)) for _c, inner in patterns]
    assert len(patterns) == 4 and marks[0] == "" and len(set(marks)) == 4  # each class its own pattern
    legend = page.split('class="legend"')[1].split("</ul>")[0]
    assert legend.count("<li>") == len(patterns) and "class 1" in legend and "area" in legend


def test_the_table_is_sorted_on_the_server_by_query_string(client, iw):
    def order(page):
        return re.findall(r'<tr id="area-(A\d)">', page)

    assert order(_page(client)) == ["A4", "A2", "A3", "A1"]  # share 65+ descending by default
    by_name = _page(client, "?sort=name&order=asc")
    assert order(by_name) == ["A1", "A2", "A3", "A4"]
    assert re.search(r'aria-sort="ascending"><a href="\?sort=name&amp;order=desc#areas-h">', by_name)
    assert order(_page(client, "?indicator=pop_65plus&sort=value&order=asc")) == ["A1", "A4", "A3", "A2"]


def test_the_summary_names_the_areas_with_the_highest_values(client, iw):
    page = _page(client)
    summary = page.split('id="summary-h"')[1].split("</section>")[0]
    assert "Share of residents aged 65 and over in Seoul as a whole: 23.0% (2024)." in summary
    text = re.sub(r"<[^>]+>", "", summary)
    assert "The 4 areas with the highest values are:\nDelta (East) 50.0%, Bravo (West) 25.0%" in text


def test_facilities_are_drawn_on_top_and_counted_in_the_table(client, iw):
    page = _page(client, "?facilities=school")
    svg = _svg(page)
    dots = re.search(r'<path class="dot" d="([^"]+)"', svg).group(1)
    assert dots.count("h0") == 3
    assert "3 facilities" in page and 'aria-sort="none"><a href="?facilities=school&amp;sort=facilities' in page


def test_an_unknown_indicator_falls_back_to_the_default(client, iw):
    page = _page(client, "?indicator=nonsense&sort=nonsense")
    assert "Share of residents aged 65 and over" in page.split("<caption")[1]


def test_city_data_derives_shares_and_sums_age_bands(iw):
    data = CityData(iw["city"])
    a4 = iw["areas"]["A4"].pk
    assert data.values("share_65plus")[a4] == pytest.approx(50.0)
    assert not data.has("pop_75plus")  # neither stored nor computable from bands
    view = map_view(city=iw["city"], indicator="pop_65plus")
    assert view.city_value == "1,150" and [r.area.code for r in view.top] == ["A2", "A3", "A4", "A1"]


def test_breaks_are_rounded_quantiles_and_classes_follow_them():
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    cuts = svgmap.breaks(values, k=5)
    assert cuts == [3.0, 5.0, 7.0, 9.0]
    assert [svgmap.classify(v, cuts) for v in (1, 3, 8.9, 10)] == [0, 1, 3, 4]
    assert svgmap.breaks([5.0, 5.0]) == [] and svgmap.classify(None, cuts) == svgmap.NO_DATA


def test_the_area_page_lists_its_indicators_and_facilities(client, iw):
    page = client.get(reverse("inclusion:area", args=["seoul", "A2"])).content.decode()
    assert "Bravo" in page and "Residents aged 65 and over" in page and "500" in page and "Bravo centre" in page
    assert client.get(reverse("inclusion:area", args=["seoul", "ZZ"])).status_code == 404


def test_areas_without_statistics_are_drawn_and_listed(client, world):
    areas_import(city=world["makati"], data=collection(feature("M1", square(127.1, 37.5), "Poblacion")), by=None)
    page = client.get(reverse("inclusion:map", args=["makati"])).content.decode()
    assert "1 area, no statistics yet." in page and 'fill="url(#m-nd)"' in page and "Poblacion" in page


def test_a_city_without_areas_says_so(client, world):
    page = client.get(reverse("inclusion:map", args=["makati"])).content.decode()
    assert "has not imported its areas yet" in page
    assert client.get(reverse("inclusion:map", args=["atlantis"])).status_code == 404
