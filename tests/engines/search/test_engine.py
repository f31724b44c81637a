"""The engine with the real packaged encoder (multilingual USE v3), on a small multilingual corpus."""

import pytest

from engines.search import CityProfile, Document, MatchEngine, Query

CORPUS = [
    Document(id="kiosk-ko", title="어르신을 위한 키오스크 교육",
             text="노인이 무인 주문기 사용법을 배우는 현장 교육입니다.",
             domain="inclusion", price_band="low", deployed_in=("Seoul",), groups=("seniors",)),
    Document(id="flood-ja", title="地下の浸水を知らせるセンサー",
             text="大雨のとき地下駐車場の水位を測り、住民に警報を送ります。",
             domain="safety", price_band="mid", deployed_in=("Osaka",)),
    Document(id="traffic-zh", title="交通信号自动优化", text="根据实时车流自动调整路口信号配时，减少拥堵。",
             domain="mobility", price_band="high", deployed_in=("Hangzhou",)),
    Document(id="waste-en", title="Smart bins that report when full",
             text="Sensors in street bins tell crews which bins to empty.",
             domain="sustain", price_band="low", deployed_in=("Phuket",)),
]  # fmt: skip


@pytest.fixture(scope="module")
def engine():
    cities = {"Seoul": CityProfile(9_400_000, "East Asia"), "Busan": CityProfile(3_300_000, "East Asia"),
              "Phuket": CityProfile(400_000, "South-East Asia")}  # fmt: skip
    return MatchEngine().fit(CORPUS, cities=cities)


def test_languages_are_detected_when_untagged(engine):
    assert {d.id: d.lang for d in engine.documents_.values()} == {
        "kiosk-ko": "ko", "flood-ja": "ja", "traffic-zh": "zh", "waste-en": "en"}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Teach older people to use ordering kiosks", "kiosk-ko"),
     ("Basement parking garages flood during heavy rain", "flood-ja"),
     ("Traffic lights should adapt to real-time congestion", "traffic-zh"),
     ("쓰레기통이 가득 차면 알려주는 센서", "waste-en")],
)  # fmt: skip
def test_cross_lingual_query_finds_the_right_solution(engine, text, expected):
    assert engine.search(Query(text=text), k=1)[0].id == expected


def test_search_is_deterministic(engine):
    q = Query(text="sensors for the city", domain="safety")
    first = [(r.id, r.score) for r in engine.search(q, k=4)]
    assert all(first == [(r.id, r.score) for r in engine.search(q, k=4)] for _ in range(3))


def test_filters_restrict_results(engine):
    q = Query(text="help residents")
    assert {r.id for r in engine.search(q, k=10, filters={"domain": ["safety", "sustain"]})} == {"flood-ja", "waste-en"}
    assert {r.id for r in engine.search(q, k=10, filters={"max_price_band": "low"})} == {"kiosk-ko", "waste-en"}
    assert "kiosk-ko" not in {r.id for r in engine.search(q, k=10, filters={"exclude": ["kiosk-ko"]})}
    with pytest.raises(ValueError, match="unknown filter"):
        engine.search(q, filters={"colour": "red"})


def test_structured_fit_is_reported_and_raises_fitting_documents(engine):
    q = Query(text="digital skills for seniors", domain="inclusion", groups=("seniors",), budget_band="low",
              city="Busan")  # fmt: skip
    result = engine.search(q, k=1)[0]
    assert result.id == "kiosk-ko"
    assert result.fit == {"domain": True, "groups": True, "budget": True, "similar_city": True}
    traffic = engine.fit_criteria(q, engine.documents_["traffic-zh"])
    assert traffic["budget"] is False and traffic["domain"] is False


def test_explanation_pairs_passages_across_languages(engine):
    q = Query(text="Older residents cannot use the ordering machines. We want hands-on lessons.", lang="en")
    result = engine.search(q, k=1, explain=True)[0]
    explanation = result.explanation
    assert explanation is not None and explanation.passages
    passage = explanation.passages[0]
    assert (passage.query_lang, passage.document_lang) == ("en", "ko")
    assert passage.document in CORPUS[0].full_text
    assert explanation.deployed_in == ("Seoul",)


def test_explanation_lists_shared_terms(engine):
    explanation = engine.explain(Query(text="smart bins sensors"), "waste-en")
    assert {"bins", "Sensors"} & set(explanation.terms)


def test_add_and_remove_are_searchable_immediately(engine, tmp_path):
    local = MatchEngine.load(_saved(engine, tmp_path), encoder=engine.encoder)
    local.add([Document(id="bike-en", title="Bike sharing for commuters", text="Shared bicycles at metro stations.",
                        domain="mobility")])  # fmt: skip
    assert local.search(Query(text="자전거 공유"), k=1)[0].id == "bike-en"
    local.remove("bike-en")
    assert "bike-en" not in {r.id for r in local.search(Query(text="자전거 공유"), k=10)}


def _saved(engine, tmp_path):
    engine.save(tmp_path / "index")
    return tmp_path / "index"


def test_persistence_round_trip_gives_identical_results(engine, tmp_path):
    loaded = MatchEngine.load(_saved(engine, tmp_path), encoder=engine.encoder)
    q = Query(text="flooding alarm", domain="safety", city="Seoul")
    assert [(r.id, round(r.score, 6)) for r in loaded.search(q, k=4)] == [
        (r.id, round(r.score, 6)) for r in engine.search(q, k=4)
    ]
    assert loaded.title_weight == engine.title_weight and loaded.cities_ == engine.cities_


def test_precomputed_vectors_give_the_same_ranking(engine):
    vectors = engine.embed_documents(CORPUS)
    again = MatchEngine(encoder=engine.encoder).fit([])
    again.add(CORPUS, vectors=vectors)
    q = Query(text="flood sensor")
    assert [r.id for r in again.search(q, k=4)] == [r.id for r in engine.search(q, k=4)]
    with pytest.raises(ValueError, match="expected vectors"):
        again.add(CORPUS[:1], vectors=vectors)
