"""Every format: a realistic fixture, every mapped field asserted."""

from datetime import datetime, timezone as dt_timezone

import pytest

from articles.models import Article, CreditRole, Image, Status
from articles.tests.import_helpers import FIXTURES, run_import

pytestmark = pytest.mark.django_db
UTC = dt_timezone.utc


def credits(article):
    return [(c.author.name, c.role) for c in article.ordered_credits()]


def tags(article):
    return sorted(article.tags.names())


def test_markdown_yaml_front_matter():
    code, out, _ = run_import(FIXTURES / "mekong-dam.md", status="published", verbosity=2)
    assert code == 0 and "markdown (detected)" in out
    a = Article.objects.get(source__startswith="markdown:fixtures/imports@", source_id="mekong-dam-talks-stall")
    assert a.headline == "Mekong dam talks stall as fish stocks fall"
    assert a.slug == "mekong-dam-talks-stall"
    assert a.kicker == "Analysis"
    assert a.dek == "Talks between Cambodia and Laos ended without agreement on water releases."
    assert a.dateline == "STUNG TRENG"
    assert a.section.name == "Environment"
    assert tags(a) == ["Fisheries", "Hydropower", "Laos", "Mekong"]
    assert credits(a) == [("Sophea Lim", CreditRole.BYLINE), ("Dara Kem", CreditRole.PHOTOGRAPHER)]
    assert a.publish_at == datetime(2024, 6, 2, 1, 30, tzinfo=UTC)
    assert a.source_version == "2"
    assert a.status == Status.PUBLISHED
    assert "<strong>Cambodia</strong>" in a.body and "<blockquote>" in a.body and "<li>Catch down by half</li>" in a.body
    assert "<script" not in a.body and "alert" not in a.body
    assert a.lead_image.source_url == "https://images.example.org/mekong/dam.jpg"
    assert a.lead_image.caption == "The Don Sahong dam seen from the Cambodian side."
    assert a.lead_image.credit == "Dara Kem/The Post"
    assert a.lead_image.alt_text == "A concrete dam across a wide brown river"


def test_markdown_toml_front_matter_draft_is_never_published():
    run_import(FIXTURES / "tonle-sap-toml.md", status="published")
    a = Article.objects.get(source_id="tonle-sap-2024")
    assert a.headline == "Tonle Sap flood pulse arrives late"
    assert a.status == Status.DRAFT
    assert a.section.name == "Environment"
    assert tags(a) == ["Climate", "Tonle Sap"]
    assert credits(a) == [("Niem Chheng", CreditRole.BYLINE)]
    assert a.dek == "The lake's reverse flow began three weeks late."
    assert a.publish_at == datetime(2024, 7, 15, 6, 0, tzinfo=UTC)


def test_markdown_json_front_matter():
    run_import(FIXTURES / "night-bus-json.md")
    a = Article.objects.get(source__startswith="markdown:fixtures/imports@", source_id="night-bus-json")
    assert a.headline == "Night bus to Siem Reap resumes"
    assert credits(a) == [("Dara Kem", CreditRole.BYLINE), ("Sophea Lim", CreditRole.BYLINE)]
    assert tags(a) == ["Siem Reap", "Transport"]
    assert a.section.name == "Travel"
    assert a.body.count("<p>") == 2 and "$15" in a.body


def test_jsonl_contract_with_bom_crlf_and_embargo():
    code, out, _ = run_import(FIXTURES / "stories.jsonl", status="published")
    assert code == 0, out
    assert "3 created" in out
    rice = Article.objects.get(source="json", source_id="rice-2024-001")
    assert rice.headline == "Rice exports rise 12 per cent"
    assert rice.kicker == "Trade" and rice.dek == "Shipments to China led the growth."
    assert rice.body == "<p>Cambodia exported more rice in the first half.</p><p>Most went to <strong>China</strong>.</p>"
    assert rice.dateline == "PHNOM PENH" and rice.section.name == "Business"
    assert tags(rice) == ["China", "Rice", "Trade"]
    assert credits(rice) == [("Sophea Lim", CreditRole.BYLINE), ("Niem Chheng", CreditRole.ADDITIONAL_REPORTING)]
    assert rice.slug == "rice-exports-rise-12" and rice.language == "en"
    assert rice.status == Status.PUBLISHED and rice.publish_at == datetime(2024, 7, 1, 2, 0, tzinfo=UTC)
    assert rice.source_version == "3"
    assert rice.seo_description == "Cambodian rice exports grew 12 per cent."
    assert rice.canonical_url == "https://partner.example.org/rice-exports"
    assert rice.lead_image.alt_text == "Stacks of white sacks on a dock"
    garment = Article.objects.get(source_id="garment-2024-002")
    assert garment.status == Status.DRAFT
    assert garment.body == "<p>The minimum wage rises to $204.</p>\n<p>Unions had asked for $210.</p>"
    assert tags(garment) == ["Garments", "Labour"] and credits(garment) == [("Dara Kem", CreditRole.BYLINE)]
    embargoed = Article.objects.get(source_id="election-2024-003")
    assert embargoed.status == Status.DRAFT
    assert embargoed not in Article.objects.published()


def test_json_document_with_items():
    run_import(FIXTURES / "stories.json", status="published")
    riel = Article.objects.get(source_id="fx-001")
    assert riel.status == Status.PUBLISHED and tags(riel) == ["Currency", "Riel"]
    assert credits(riel) == [("Sophea Lim", CreditRole.BYLINE)]
    rates = Article.objects.get(source_id="fx-002")
    assert rates.body == "<p>The National Bank left rates unchanged.</p>"
    assert rates.status == Status.PUBLISHED  # no status in the source: the operator's --status applies


def test_csv_with_bom_crlf_quoted_newlines_and_multi_valued_cells():
    code, out, _ = run_import(FIXTURES / "stories.csv", status="published")
    assert code == 0 and "2 created" in out
    market = Article.objects.get(source="csv", source_id="market-001")
    assert market.headline == "Night market reopens"
    assert market.dek == "Stalls return after renovation."
    assert market.body == ('<p>The night market reopened on Friday.</p>\n'
                           '<p>More than 200 stalls, selling "num pang" and noodles, are back.</p>')
    assert tags(market) == ["Food", "Markets", "Phnom Penh"]
    assert credits(market) == [("Dara Kem", CreditRole.BYLINE), ("Sophea Lim", CreditRole.ADDITIONAL_REPORTING)]
    assert market.section.name == "Culture" and market.dateline == "PHNOM PENH"
    assert market.publish_at == datetime(2024, 4, 5, 11, 0, tzinfo=UTC)
    assert (market.lead_image.source_url, market.lead_image.caption, market.lead_image.credit) == (
        "https://images.example.org/market.jpg", "Shoppers at the market", "Dara Kem")
    football = Article.objects.get(source_id="football-002")
    assert football.headline == "Boeung Ket win league final, 2-1" and football.status == Status.DRAFT


def test_csv_very_long_body(tmp_path):
    body = " ".join(["word"] * 200_000)  # over a megabyte, far past the csv module's default limit
    path = tmp_path / "long.csv"
    path.write_text(f'id,headline,body_text\nlong-1,A very long story,"{body}"\n', "utf-8")
    code, _, err = run_import(path)
    assert code == 0, err
    assert Article.objects.get(source_id="long-1").word_count == 200_000


def test_rss_feed():
    code, out, _ = run_import(FIXTURES / "feed.rss", status="published", verbosity=2)
    assert code == 0 and "rss (detected)" in out
    angkor = Article.objects.get(source="https://wire.example.org", source_id="wire-2024-0501")
    assert angkor.headline == "Angkor visitor numbers recover"
    assert angkor.body == "<p>Foreign arrivals at Angkor reached 2019 levels in April.</p><p>Ticket sales rose <em>40 per cent</em>.</p>"
    assert angkor.dek == "Foreign arrivals are back at 2019 levels."
    assert credits(angkor) == [("Sophea Lim", CreditRole.BYLINE)]
    assert tags(angkor) == ["Siem Reap", "Tourism"]
    assert angkor.publish_at == datetime(2024, 5, 1, 3, 0, tzinfo=UTC)
    assert angkor.canonical_url == "https://wire.example.org/angkor-visitors"
    assert angkor.lead_image.source_url == "https://images.example.org/angkor.jpg"
    assert angkor.lead_image.credit == "Partner Wire"
    border = Article.objects.get(source_id="https://wire.example.org/?p=502")
    assert border.lead_image.source_url == "https://images.example.org/poipet.jpg"
    assert border.publish_at == datetime(2024, 5, 2, 3, 30, tzinfo=UTC)
    assert credits(border) == [("Niem Chheng", CreditRole.BYLINE)]


def test_atom_feed():
    code, out, _ = run_import(FIXTURES / "feed.atom", verbosity=2)
    assert code == 0 and "atom (detected)" in out
    a = Article.objects.get(source_id="tag:kampot.example.net,2024:pepper-harvest")
    assert a.source == "https://kampot.example.net/"
    assert a.headline == "Pepper harvest starts early"
    assert a.body == "<p>Kampot farmers began the pepper harvest two weeks early.</p><p>Prices are firm.</p>"
    assert a.dek == "Farmers began picking two weeks ahead of schedule."
    assert credits(a) == [("Dara Kem", CreditRole.BYLINE), ("Sophea Lim", CreditRole.BYLINE)]
    assert tags(a) == ["Agriculture", "Kampot"]
    assert a.publish_at == datetime(2024, 9, 9, 0, 0, tzinfo=UTC)
    assert a.lead_image.source_url == "https://images.example.org/pepper.jpg"
    assert a.status == Status.DRAFT


def test_wordpress_wxr_1_2():
    code, out, _ = run_import(FIXTURES / "wordpress-1.2.xml", status="published", verbosity=2)
    assert code == 0, out
    assert "WXR 1.2 (detected)" in out
    assert "2 created, 0 updated, 1 skipped" in out  # the page is skipped; attachments become images
    assert "a page, not a story" in out
    law = Article.objects.get(source="https://daily.example.com", source_id="https://daily.example.com/?p=101")
    assert law.headline == "Senate backs new land law"
    assert law.slug == "senate-backs-new-land-law"
    assert law.dek == "The law gives provincial governors new powers over land titles."
    assert law.section.name == "Politics" and tags(law) == ["Land", "Senate"]
    assert credits(law) == [("Niem Chheng", CreditRole.BYLINE)]
    assert law.status == Status.PUBLISHED and law.publish_at == datetime(2024, 5, 20, 3, 0, tzinfo=UTC)
    assert law.body.startswith("<p>The Senate on Monday approved the land law by 58 votes to 2.</p>")
    assert "<p>Opposition senators said the law<br>\ngives too much power to provincial governors.</p>" in law.body
    assert '<blockquote><p>"This is a good law," said the Senate president.</p></blockquote>' in law.body
    assert 'It covers <strong>]]>"land titles"</strong> and disputes.</p>' in law.body.replace("&gt;", ">")
    assert "wp:" not in law.body and "<!--" not in law.body
    assert law.lead_image.source_url == "https://daily.example.com/wp-content/uploads/2024/05/senate.jpg"
    assert law.lead_image.caption == "Senators in the chamber on Monday."
    assert law.lead_image.alt_text == "Rows of senators in red seats"
    assert Image.objects.filter(source_url="https://daily.example.com/wp-content/uploads/2024/05/vote.jpg").exists()
    draft = Article.objects.get(source_id="https://daily.example.com/?p=102")
    assert draft.status == Status.DRAFT and credits(draft) == [("Sophea Lim", CreditRole.BYLINE)]
    assert draft.section.name == "Business"
    assert Article.objects.count() == 2


def test_wordpress_wxr_1_1_future_post_is_scheduled_not_live():
    run_import(FIXTURES / "wordpress-1.1.xml", status="published")
    a = Article.objects.get(source_id="http://bb.example.org/?p=7")
    assert a.headline == "Bamboo train back on track" and credits(a) == [("Dara Kem", CreditRole.BYLINE)]
    assert a.section.name == "Travel" and a.slug == "bamboo-train"
    assert a.body == "<p>The bamboo train runs again.</p>\n<p>It carries tourists.</p>"
    assert a.publish_at == datetime(2012, 3, 4, 1, 0, tzinfo=UTC)


def test_wordpress_wxr_1_0():
    run_import(FIXTURES / "wordpress-1.0.xml", status="published")
    a = Article.objects.get(source="http://old.example.org", source_id="http://old.example.org/?p=3")
    assert a.headline == "Kep crab market" and a.body == "<p>Crabs are cheap in Kep.</p>"
    assert a.section.name == "Food" and tags(a) == ["Kep"]
    assert credits(a) == [("admin", CreditRole.BYLINE)]
    assert a.status == Status.PUBLISHED


def test_nitf_3_6_namespaced_with_doctype():
    code, out, _ = run_import(FIXTURES / "nitf-3.6.xml", status="published", verbosity=2)
    assert code == 0 and "nitf (detected)" in out
    a = Article.objects.get(source="Mekong Wire", source_id="MW-20240610-0042")
    assert a.headline == "Cambodia, Thailand agree to reopen border markets"
    assert a.dek == "Traders at Poipet welcome the move"
    assert credits(a) == [("Niem Chheng", CreditRole.BYLINE), ("Sophea Lim", CreditRole.BYLINE)]
    assert a.credit_line == "Mekong Wire"
    assert a.dateline == "POIPET"
    assert a.section.name == "World"
    assert tags(a) == ["Border", "Thailand", "Trade"]
    assert a.language == "en"
    assert a.source_version == "2"
    assert a.publish_at == datetime(2024, 6, 10, 1, 30, tzinfo=UTC)
    assert a.status == Status.PUBLISHED
    assert "<p>Cambodia and Thailand agreed on Monday to reopen <em>six</em> border markets.</p>" in a.body
    assert "<h2>Traders relieved</h2>" in a.body
    assert "<blockquote><p>The markets will open on July 1.</p>Ministry of Commerce</blockquote>" in a.body
    assert "media" not in a.body and "Traders cross at Poipet" not in a.body
    assert a.lead_image.source_url == "https://images.example.org/poipet-market.jpg"
    assert (a.lead_image.caption, a.lead_image.credit, a.lead_image.alt_text) == (
        "Traders cross at Poipet.", "Sophea Lim/Mekong Wire", "Traders pushing carts across the border")
    assert a.seo_description == "Markets closed since 2020 will reopen next month."


def test_nitf_latin1_without_namespace_embargoed_stays_draft():
    run_import(FIXTURES / "nitf-3.3-latin1.xml", status="published")
    a = Article.objects.get(source="nitf", source_id="KAMPOT-CAFE-1")
    assert a.headline == "Café culture spreads in Kampot"
    assert a.body == "<p>François opened the town´s third café this year à la française.</p>"
    assert tags(a) == ["Cafés"] and credits(a) == [("Dara Kem", CreditRole.BYLINE)]
    assert a.dateline == "KAMPOT"
    assert a.status == Status.DRAFT and a not in Article.objects.published()


def test_newsml_bare_news_item_with_xhtml():
    code, out, _ = run_import(FIXTURES / "newsml-item.xml", status="published", verbosity=2)
    assert code == 0 and "newsml (detected)" in out
    assert "editor's note" in out and "Corrects the number of cases" in out
    a = Article.objects.get(source="Mekong Wire", source_id="urn:newsml:mekongwire.example:20240611:dengue")
    assert a.headline == "Dengue cases rise as rainy season begins"
    assert a.dek == "Health ministry urges people to clear standing water"
    assert a.body == "<p>Dengue cases have risen sharply.</p>\n<p>The ministry recorded <strong>1,204</strong> cases in May.</p>"
    assert a.slug == "dengue-cases-rise"
    assert a.dateline == "PHNOM PENH, June 11 (Mekong Wire)"
    assert credits(a) == [("Sophea Lim", CreditRole.BYLINE), ("Dara Kem", CreditRole.ADDITIONAL_REPORTING)]
    assert tags(a) == ["dengue fever", "health"]
    assert a.section.name == "Health"
    assert a.language == "en" and a.source_version == "3"
    assert a.publish_at == datetime(2024, 6, 11, 2, 0, tzinfo=UTC)
    assert a.status == Status.PUBLISHED


def test_newsml_message_with_nitf_body_embargo_withheld_and_picture():
    code, out, _ = run_import(FIXTURES / "newsml-message.xml", status="published", verbosity=2)
    assert code == 0
    assert "3 created, 0 updated, 1 skipped" in out and "ninat:picture" in out
    rubber = Article.objects.get(source_id="urn:newsml:mekongwire.example:20240612:rubber")
    assert rubber.body == "<p>Rubber prices rose to their highest in two years.</p>"
    assert credits(rubber) == [("Niem Chheng", CreditRole.BYLINE), ("Dara Kem", CreditRole.BYLINE)]
    assert rubber.credit_line == "" and tags(rubber) == ["economy"] and rubber.slug == "rubber-prices"
    assert rubber.lead_image.source_url == "https://images.example.org/rubber.jpg"
    assert rubber.lead_image.alt_text == "Latex dripping into a cup"
    assert rubber.status == Status.PUBLISHED
    verdict = Article.objects.get(source_id="urn:newsml:mekongwire.example:20240612:verdict")
    assert verdict.status == Status.DRAFT and verdict.body.count("<p>") == 2
    withheld = Article.objects.get(source_id="urn:newsml:mekongwire.example:20240612:withheld")
    assert withheld.status == Status.DRAFT
    assert set(Article.objects.published()) == {rubber}


def test_ninjs_1():
    code, out, _ = run_import(FIXTURES / "ninjs-1.json", status="published", verbosity=2)
    assert code == 0 and "ninjs 1.x (detected)" in out
    a = Article.objects.get(source="ninjs", source_id="http://wire.example.org/text/2024/ferry")
    assert a.headline == "New Mekong ferry enters service"
    assert a.dek == "The ferry carries 60 cars an hour."
    assert a.body == "<p>A new ferry entered service at Neak Loeung on Thursday.</p><p>It replaces two older boats.</p>"
    assert credits(a) == [("Dara Kem", CreditRole.BYLINE)]
    assert tags(a) == ["Prey Veng", "Transport"]
    assert a.dateline == "NEAK LOEUNG" and a.slug == "mekong-ferry" and a.language == "en"
    assert a.source_version == "2" and a.publish_at == datetime(2024, 6, 20, 7, 0, tzinfo=UTC)
    assert a.lead_image.source_url == "https://images.example.org/ferry.jpg"  # the largest rendition
    assert a.lead_image.caption == "The new ferry leaves the east bank."
    assert a.status == Status.PUBLISHED


def test_ninjs_2():
    code, out, _ = run_import(FIXTURES / "ninjs-2.json", status="published", verbosity=2)
    assert "ninjs 2.x (detected)" in out
    a = Article.objects.get(source_id="http://wire.example.org/text/2024/solar")
    assert a.headline == "Largest solar farm opens" and a.dek == "Plant can power 100,000 homes"
    assert a.body == "<p>The country's largest solar farm opened on Friday.</p><p>It cost $50m.</p>"
    assert credits(a) == [("Sophea Lim", CreditRole.BYLINE), ("Niem Chheng", CreditRole.BYLINE)]
    assert a.section.name == "Business" and tags(a) == ["Energy", "Solar"]
    assert a.dateline == "KAMPONG SPEU" and a.slug == "solar-farm"
    assert (a.lead_image.source_url, a.lead_image.caption, a.lead_image.alt_text, a.lead_image.credit) == (
        "https://images.example.org/solar.jpg", "Panels near Kampong Speu.", "Rows of solar panels", "Sophea Lim")


def test_ninjs_3_withheld_stays_draft():
    code, out, _ = run_import(FIXTURES / "ninjs-3.json", status="published", verbosity=2)
    assert "ninjs 3.x (detected)" in out
    a = Article.objects.get(source_id="http://wire.example.org/text/2024/typhoon")
    assert a.headline == "Typhoon warning for coast" and a.dek == "Fishermen told to stay in port."
    assert a.body == "<p>Fishermen were told to stay in port.</p>\n<p>The storm is expected on Saturday.</p>"
    assert a.publish_at == datetime(2024, 9, 5, 2, 0, tzinfo=UTC) and a.source_version == "4"
    assert a.lead_image.source_url == "https://images.example.org/boats.jpg"
    assert a.status == Status.DRAFT


def test_a_directory_of_mixed_formats_is_walked_recursively_and_detected(tmp_path):
    for path in FIXTURES.iterdir():
        if path.is_file():
            (tmp_path / "nested" / path.name).parent.mkdir(exist_ok=True)
            (tmp_path / "nested" / path.name).write_bytes(path.read_bytes())
    code, out, err = run_import(tmp_path)
    assert code == 0, err
    assert out.startswith("28 created, 0 updated, 3 skipped, 0 conflicts, 0 failed")
    assert Article.objects.count() == 28


def test_newsml_picture_items_become_the_images_of_the_stories_that_link_them():
    code, out, _ = run_import(FIXTURES / "newsml-pictures.xml", verbosity=2)
    assert code == 0
    assert "2 created, 0 updated, 1 skipped" in out and "pic-stray" not in out and "ninat:picture" in out
    festival = Article.objects.get(source_id="urn:newsml:mekongwire.example:20240614:festival")
    lead = festival.lead_image
    assert lead.source_url == "https://images.example.org/boats.jpg"  # the widest rendition
    assert lead.caption == "Crews race past the Royal Palace on the first day of the water festival."
    assert lead.credit == "Sokha Pen / Mekong Wire"
    assert lead.alt_text == "Long wooden boats with dozens of rowers on a brown river"
    (crowd,) = festival.body_images.all()
    assert (crowd.source_url, crowd.caption, crowd.credit, crowd.alt_text) == (
        "https://images.example.org/crowd.jpg", "Spectators on the riverbank.", "Sokha Pen", "")
    markets = Article.objects.get(source_id="urn:newsml:mekongwire.example:20240614:markets")
    assert markets.lead_image is None and not markets.body_images.exists()
    assert not Image.objects.filter(source_url__contains="stray").exists()


def test_newsml_message_with_one_story_takes_its_unlinked_pictures(tmp_path):
    text = (FIXTURES / "newsml-pictures.xml").read_text("utf-8")
    start, end = text.index('    <newsItem guid="urn:newsml:mekongwire.example:20240614:markets"'), text.index("  </itemSet>")
    single = text[:start] + text[end:]
    start = single.index('    <newsItem guid="urn:newsml:mekongwire.example:20240614:festival"')
    end = single.index("    </newsItem>", start) + len("    </newsItem>\n")
    story = single[start:end].replace('<link rel="irel:seeAlso" residref="urn:newsml:mekongwire.example:20240614:pic-boats"/>', "")
    path = tmp_path / "single.xml"
    path.write_text(single[:start] + story + single[end:], "utf-8")
    code, out, _ = run_import(path)
    assert code == 0 and "1 created, 0 updated, 0 skipped" in out
    festival = Article.objects.get()
    assert festival.lead_image.source_url == "https://images.example.org/crowd.jpg"  # the linked one leads
    assert sorted(festival.body_images.values_list("source_url", flat=True)) == [
        "https://images.example.org/boats.jpg", "https://images.example.org/stray.jpg"]
