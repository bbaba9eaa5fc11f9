"""Name/address cleaning and the linkage model's decisions, on pairs taken from the real lists (no
database)."""

from __future__ import annotations

import pytest

from wsr.registry.importing.linkage import Record, compare, model_load
from wsr.registry.importing.matcher import CandidateIndex, classify, record_for
from wsr.registry.importing.normalise import name_words, unit_numbers
from wsr.registry.matching import name_numbers, name_tokens, normalise_country


def _entry(name: str, address: str, country: str = "CN") -> Record:
    return record_for(name=name, address=address, country=country)


def _decide(a: Record, b: Record) -> tuple[str, float]:
    decision, weight, _ = classify(model_load(), a, b)
    return decision, weight


SAME = [
    (
        "Industrias Merlet S. A. de C.V.",
        "Calle Circunvalación, Pol. A, Nº 3, Urb. Industrial La Laguna, Antiguo Cuscatlán",
        "Industrias Merlet S.A. de C.V.",
        "Calle Circunvalacion,Pol. A No.3 Urb. Industrial La Laguna,Antiguo Cuscatlan",
    ),
    (
        "Jung Myung Textile Co. Ltd.",
        "289 Jiefang West Road,Yuewang Industrial Zone,Shaowu City Fujian",
        "Jung Myung Textile (Shaowu) Co. Ltd.",
        "289 Jiefang West Road,Yuewang Industrial Zone Shaowu City. Fujian",
    ),
    (
        "Centro Textile",
        "Km 124 Carretera hacia Leon,Chinandega,Zona Franca Zofric",
        "Centro Textil S.A.",
        "Zona Franca Internacional Chinandega,KM 124 Carretera Leon-Managua. Chinandega. Nicaragua",
    ),
    (
        "TAIZHOU BAOLITE SHOES CO.,LTD",
        "OUFENG ROAD, MUYU AREA,ZEGUO TOWN,WENLING ,WENZHOU CITY, ZHEJIANG PROVINCE",
        "Taizhou Baolite Shoes Co. Ltd",
        "Oufeng Muyu Administration Zeguo Town Wenling City Zhejiang China",
    ),
    (
        "BAI NA SHOES INDUSTRY CO., LTD",
        "BAOYI INDUSTRIAL ZONE,OUBEI TOWN,YONGJIA,ZHEJIANG PROVINCE",
        "BAINA SHOES FACTORY",
        "BAOYI INDUSTRIAL ZONE,OUBEI TOWN,YONGJIA,WENZHOU,ZHEJIANG PROVINCE",
    ),
]

DIFFERENT = [
    (
        "Jeans Knit Private Ltd Unit 3",
        "No 34/A, II Phase, Peenya Industrial Area, Bangalore, 561028",
        "Jeans Knit Private Ltd Unit 4",
        "No. 20-A/21-E, II Phase, Peenya Industrial Area, Bangalore, 561058",
    ),
    (
        "Saitex 2 Cutting & Sewing",
        "Lot 225, Amata Industrial Park, Long Binh Ward, Bien Hoa City, Dong Nai Province",
        "Saitex 5 Finishing",
        "Lot 224, Amata Industrial Park, Long Binh Ward, Bien Hoa City, Dong Nai Province",
    ),
    ("AKH Fashions Ltd Ltd", "Savar Dhaka 1340 Bangladesh", "AKH Shirts Ltd. Ltd", "Savar Dhaka 1340 Bangladesh"),
    (
        "Pan Pacific sweaters Ltd.",
        "222 South Salna Salna Bazar Gazipur Bangladesh",
        "Kavery sweaters Ltd.",
        "Texhong HaiHa Industrial Zone South Salna Salna Bazar Gazipur Bangladesh",
    ),
    (
        "ES Textiles",
        "Km 34 Carretera a San Juan Opico,La Libertad",
        "ES Sock",
        "Km 34 Carretera,San Juan Opico,La Libertad",
    ),
    (
        "Indigo Garments Workshop",
        "Plot No. 236, Sector 1, near Emirates Gas New Industrial Area, Ajman",
        "Indigo Garments Workshop BR-2",
        "Plot no. 104, Jurf Industrial 1, Near Ajman Car Souq, Ajman",
    ),
]

DOUBTFUL = [
    (
        "Huai An Yuan Tong Headwear Mfg. Co. Ltd.",
        "No. 30 & 32 Yan Huang Avenue, Lian Shui Economic Development Zone, Jiang Su Province",
        "Huai An Yuan Tong Headwear Mfg. Co. Ltd.",
        "No.1 Yan Huang Avenue Lian Shui New Industrial Zone,Huai An,Jiangsu 223400. China",
    ),
    (
        "Epyllion Style Ltd.",
        "Nayapara, Vhawal Mirzapur, Gazipur Sadar, Gazipur",
        "Eypllion Style Ltd.",
        "Bahadurpur, Vawal Mirzapur, Gazipur Sadar, Gazipur, 1703",
    ),
]


@pytest.mark.parametrize(("name_a", "address_a", "name_b", "address_b"), SAME, ids=lambda v: v[:20])
def test_the_same_facility_spelled_differently_is_found(name_a, address_a, name_b, address_b):
    decision, _ = _decide(_entry(name_a, address_a), _entry(name_b, address_b))
    assert decision in ("auto", "review")


@pytest.mark.parametrize(("name_a", "address_a", "name_b", "address_b"), DIFFERENT, ids=lambda v: v[:20])
def test_different_facilities_at_one_park_are_never_merged_automatically(name_a, address_a, name_b, address_b):
    decision, _ = _decide(_entry(name_a, address_a), _entry(name_b, address_b))
    assert decision != "auto"


@pytest.mark.parametrize(("name_a", "address_a", "name_b", "address_b"), DOUBTFUL, ids=lambda v: v[:20])
def test_doubtful_pairs_are_not_merged_automatically(name_a, address_a, name_b, address_b):
    decision, _ = _decide(_entry(name_a, address_a), _entry(name_b, address_b))
    assert decision != "auto"


def test_the_weight_is_symmetric():
    for name_a, address_a, name_b, address_b in SAME + DIFFERENT + DOUBTFUL:
        _, ab = _decide(_entry(name_a, address_a), _entry(name_b, address_b))
        _, ba = _decide(_entry(name_b, address_b), _entry(name_a, address_a))
        assert abs(ab - ba) < 0.01


def test_legal_forms_transliteration_and_units():
    assert name_words("Industrias Merlet S. A. de C.V.") == name_words("INDUSTRIAS MERLET SA DE CV")
    assert name_words("Taizhou Baolite Shoes Co., Ltd.") == name_words("Taizhou Baolite Shoes Company Limited")
    assert name_words("Türkiye Örme A.Ş.") == name_words("Turkiye Orme AS")
    assert unit_numbers(name_words("PT Glory Industrial Semarang II")) == frozenset({"2"})
    same_words = compare(_entry("Hua Sheng Knitting", "Pinghu"), _entry("Huasheng Knitting", "Pinghu"))
    assert same_words[0] == 1


def test_generic_words_and_unit_numbers():
    assert name_tokens("The Dhaka Garments Manufacturing Co., Ltd.") == ["dhaka"]
    assert name_numbers(name_tokens("Semarang II")) == frozenset({"2"})
    assert name_numbers(name_tokens("Unit-2")) == name_numbers(name_tokens("Unit II"))


def test_the_index_finds_candidates_by_rare_words_in_the_same_country():
    index = CandidateIndex()
    known = _entry("Centro Textile", "Km 124 Carretera hacia Leon,Chinandega", "NI")
    index.add(known, "key-ni")
    index.add(_entry("Centro Textile", "Km 124 Carretera hacia Leon,Chinandega", "HN"), "key-hn")

    exact = index.best(_entry("CENTRO TEXTILE", "KM 124 CARRETERA HACIA LEON, CHINANDEGA", "NI"), "key-ni")
    fuzzy = index.best(_entry("Centro Textil S.A.", "KM 124 Carretera Leon, Chinandega", "NI"))

    assert exact is not None and exact.exact and exact.record is known
    assert fuzzy is not None and fuzzy.record is known and fuzzy.decision == "auto"
    assert index.best(_entry("Other Mill", "Km 124 Carretera hacia Leon,Chinandega", "NI")) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("CHINA", "CN"),
        ("cn", "CN"),
        ("USA", "US"),
        ("United States", "US"),
        ("UAE", "AE"),
        ("Viet Nam", "VN"),
        ("México", "MX"),
        ("Türkiye", "TR"),
        ("bgd", "BD"),
    ],
)
def test_countries_in_any_spelling(value, code):
    assert normalise_country(value) == code


def test_unknown_countries_are_none():
    assert normalise_country("Atlantis") is None


def test_names_differing_only_in_what_they_make_are_never_merged_automatically():
    # "AKH Garments" / "AKH Textiles" in one building: perhaps two units of one group
    decision, _ = _decide(
        _entry("AKH Garments Ltd", "Savar Dhaka 1340", "BD"), _entry("AKH Textiles Ltd", "Savar Dhaka 1340", "BD")
    )
    assert decision == "review"
    # ... while "Textile" / "Textil S.A." is the same word in two languages
    decision, _ = _decide(
        _entry("Centro Textile", "Km 124 Carretera hacia Leon, Chinandega", "NI"),
        _entry("Centro Textil S.A.", "KM 124 Carretera hacia Leon, Chinandega", "NI"),
    )
    assert decision == "auto"
