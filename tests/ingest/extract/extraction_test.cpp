// Extraction rules on hand-written dependency trees: one test per rule.
#include "ingest/extract/extraction.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingest/extract/entity_resolver.h"
#include "ingest/extract/triple_output.h"
#include "tests/ingest/extract/conllu_builder.h"

namespace kg::ingest {
namespace {

using ::kg::ingest::testing::ParseCompact;
using ::testing::Contains;
using ::testing::Not;

Extraction ExtractCompact(const std::string& compact) {
  ConlluDocument doc = ParseCompact(compact);
  return ExtractDocument(doc.text, doc.sentences);
}

std::vector<std::string> Triples(const Extraction& x) {
  std::vector<std::string> out;
  for (const ExtractedTriple& t : x.triples) {
    if (t.kind == TripleKind::kMinor) continue;
    out.push_back(t.subject.text + " | " + (t.qualifiers.negated ? "not_" : "") + t.relation +
                  " | " + t.object.text);
  }
  return out;
}

const ExtractedTriple* Find(const Extraction& x, const std::string& s, const std::string& r,
                            const std::string& o) {
  for (const ExtractedTriple& t : x.triples) {
    if (t.subject.text == s && t.relation == r && t.object.text == o) return &t;
  }
  return nullptr;
}

const ExtractedEntity* Entity(const Extraction& x, const std::string& name) {
  for (const ExtractedEntity& e : x.entities) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

TEST(ThirdPersonTest, Forms) {
  EXPECT_EQ(ThirdPerson("defend"), "defends");
  EXPECT_EQ(ThirdPerson("be"), "is");
  EXPECT_EQ(ThirdPerson("have"), "has");
  EXPECT_EQ(ThirdPerson("carry"), "carries");
  EXPECT_EQ(ThirdPerson("play"), "plays");
  EXPECT_EQ(ThirdPerson("watch"), "watches");
  EXPECT_EQ(ThirdPerson("go"), "goes");
  EXPECT_EQ(ThirdPerson("Advise"), "advises");
}

TEST(AcronymTest, Initials) {
  EXPECT_EQ(Acronym("UK Independence Party"), "UKIP");
  EXPECT_EQ(Acronym("United States of America"), "USA");
  EXPECT_EQ(Acronym("the European Union"), "EU");
  EXPECT_EQ(Acronym("peace plan"), "");
}

// Prime Minister Jane Doe praised the new budget.
TEST(ExtractionTest, SubjectVerbObjectAndTitlePrefix) {
  Extraction x = ExtractCompact(R"(
1 Prime prime ADJ 2 amod
2 Minister minister PROPN 4 compound
3 Jane Jane PROPN 5 nsubj B-PER
4 Doe Doe PROPN 3 flat I-PER
5 praised praise VERB 0 root
6 the the DET 8 det
7 new new ADJ 8 amod
8 budget budget NOUN 5 obj NoSpace
9 . . PUNCT 5 punct
)");
  EXPECT_THAT(Triples(x), Contains("Jane Doe | praises | new budget"));
  EXPECT_THAT(Triples(x), Contains("Jane Doe | title | Prime Minister"));
  ASSERT_NE(Entity(x, "Jane Doe"), nullptr);
  EXPECT_EQ(Entity(x, "Jane Doe")->label, EntityLabel::kPerson);
}

// The firm was bought by Acme Corp.
TEST(ExtractionTest, PassiveWithAgentBecomesActive) {
  Extraction x = ExtractCompact(R"(
1 The the DET 2 det
2 firm firm NOUN 4 nsubj:pass
3 was be AUX 4 aux:pass
4 bought buy VERB 0 root
5 by by ADP 7 case
6 Acme Acme PROPN 7 compound B-ORG
7 Corp Corp PROPN 4 obl:agent I-ORG NoSpace
8 . . PUNCT 4 punct
)");
  EXPECT_THAT(Triples(x), Contains("Acme Corp | buys | firm"));
  EXPECT_THAT(Triples(x), Not(Contains("firm | buys | Acme Corp")));
}

// Smith appeared to threaten the judge.
TEST(ExtractionTest, RaisingVerbHedges) {
  Extraction x = ExtractCompact(R"(
1 Smith Smith PROPN 2 nsubj B-PER
2 appeared appear VERB 0 root
3 to to PART 4 mark
4 threaten threaten VERB 2 xcomp
5 the the DET 6 det
6 judge judge NOUN 4 obj NoSpace
7 . . PUNCT 2 punct
)");
  const ExtractedTriple* t = Find(x, "Smith", "threatens", "judge");
  ASSERT_NE(t, nullptr) << ::testing::PrintToString(Triples(x));
  EXPECT_TRUE(t->qualifiers.hedged);
}

// Lee refused to sign the treaty.
TEST(ExtractionTest, ControlVerbJoinsRelation) {
  Extraction x = ExtractCompact(R"(
1 Lee Lee PROPN 2 nsubj B-PER
2 refused refuse VERB 0 root
3 to to PART 4 mark
4 sign sign VERB 2 xcomp
5 the the DET 6 det
6 treaty treaty NOUN 4 obj NoSpace
7 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("Lee | refuses_to_sign | treaty"));
}

// The plan drew criticism from France and German leaders.
TEST(ExtractionTest, ConjunctionDistributedAndLightVerb) {
  Extraction x = ExtractCompact(R"(
1 The the DET 2 det
2 plan plan NOUN 3 nsubj
3 drew draw VERB 0 root
4 criticism criticism NOUN 3 obj
5 from from ADP 6 case
6 France France PROPN 3 obl B-LOC
7 and and CCONJ 9 cc
8 German German ADJ 9 amod
9 leaders leader NOUN 6 conj NoSpace
10 . . PUNCT 3 punct
)");
  EXPECT_THAT(Triples(x), Contains("plan | draws | criticism"));
  EXPECT_THAT(Triples(x), Contains("plan | draws_criticism_from | France"));
  EXPECT_THAT(Triples(x), Contains("plan | draws_criticism_from | German leaders"));
}

// Jones will meet with Putin next week.
TEST(ExtractionTest, PrepositionalObjectModalityAndTime) {
  Extraction x = ExtractCompact(R"(
1 Jones Jones PROPN 3 nsubj B-PER
2 will will AUX 3 aux
3 meet meet VERB 0 root
4 with with ADP 5 case
5 Putin Putin PROPN 3 obl B-PER
6 next next ADJ 7 amod
7 week week NOUN 3 obl:tmod NoSpace
8 . . PUNCT 3 punct
)");
  const ExtractedTriple* t = Find(x, "Jones", "meets_with", "Putin");
  ASSERT_NE(t, nullptr) << ::testing::PrintToString(Triples(x));
  EXPECT_EQ(t->qualifiers.modality, "will");
  EXPECT_EQ(t->qualifiers.time, "next week");
  EXPECT_FALSE(t->qualifiers.negated);
}

// Lee did not sign the treaty.
TEST(ExtractionTest, Negation) {
  Extraction x = ExtractCompact(R"(
1 Lee Lee PROPN 4 nsubj B-PER
2 did do AUX 4 aux
3 not not PART 4 advmod
4 sign sign VERB 0 root
5 the the DET 6 det
6 treaty treaty NOUN 4 obj NoSpace
7 . . PUNCT 4 punct
)");
  const ExtractedTriple* t = Find(x, "Lee", "signs", "treaty");
  ASSERT_NE(t, nullptr);
  EXPECT_TRUE(t->qualifiers.negated);
}

// Brown said that the mayor lied about the budget.
TEST(ExtractionTest, ClausalComplementOfSpeechVerb) {
  Extraction x = ExtractCompact(R"(
1 Brown Brown PROPN 2 nsubj B-PER
2 said say VERB 0 root
3 that that SCONJ 6 mark
4 the the DET 5 det
5 mayor mayor NOUN 6 nsubj
6 lied lie VERB 2 ccomp
7 about about ADP 9 case
8 the the DET 9 det
9 budget budget NOUN 6 obl NoSpace
10 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("Brown | says | the mayor lied about the budget"));
  const ExtractedTriple* inner = Find(x, "mayor", "lies_about", "budget");
  ASSERT_NE(inner, nullptr) << ::testing::PrintToString(Triples(x));
  EXPECT_EQ(inner->qualifiers.attributed_to, "Brown");
}

// "We will win," Brown said.
TEST(ExtractionTest, QuoteBeforeSpeechVerb) {
  Extraction x = ExtractCompact(R"(
1 " " PUNCT 4 punct NoSpace
2 We we PRON 4 nsubj
3 will will AUX 4 aux
4 win win VERB 0 root NoSpace
5 , , PUNCT 4 punct NoSpace
6 " " PUNCT 4 punct
7 Brown Brown PROPN 8 nsubj B-PER
8 said say VERB 4 parataxis NoSpace
9 . . PUNCT 4 punct
)");
  EXPECT_THAT(Triples(x), Contains("Brown | says | We will win"));
}

// Acme released a report, which angered regulators.
TEST(ExtractionTest, RelativeClauseSubjectIsTheNoun) {
  Extraction x = ExtractCompact(R"(
1 Acme Acme PROPN 2 nsubj B-ORG
2 released release VERB 0 root
3 a a DET 4 det
4 report report NOUN 2 obj NoSpace
5 , , PUNCT 7 punct
6 which which PRON 7 nsubj
7 angered anger VERB 4 acl:relcl
8 regulators regulator NOUN 7 obj NoSpace
9 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("Acme | releases | report"));
  EXPECT_THAT(Triples(x), Contains("report | angers | regulators"));
}

// Anna Lee, the finance minister, resigned. Lee is a lawyer.
TEST(ExtractionTest, AppositionTitleAndCopula) {
  Extraction x = ExtractCompact(R"(
1 Anna Anna PROPN 8 nsubj B-PER
2 Lee Lee PROPN 1 flat I-PER NoSpace
3 , , PUNCT 6 punct
4 the the DET 6 det
5 finance finance NOUN 6 compound
6 minister minister NOUN 1 appos NoSpace
7 , , PUNCT 6 punct
8 resigned resign VERB 0 root NoSpace
9 . . PUNCT 8 punct

1 Lee Lee PROPN 4 nsubj B-PER
2 is be AUX 4 cop
3 a a DET 4 det
4 lawyer lawyer NOUN 0 root NoSpace
5 . . PUNCT 4 punct
)");
  EXPECT_THAT(Triples(x), Contains("Anna Lee | title | finance minister"));
  EXPECT_THAT(Triples(x), Contains("Anna Lee | is | lawyer"));
}

// Senator John Smith visited Paris. Mr Smith praised the city. He met the mayor.
TEST(ExtractionTest, NameVariantsAndPronounsMerge) {
  Extraction x = ExtractCompact(R"(
1 Senator senator PROPN 3 compound
2 John John PROPN 4 nsubj B-PER
3 Smith Smith PROPN 2 flat I-PER
4 visited visit VERB 0 root
5 Paris Paris PROPN 4 obj B-LOC NoSpace
6 . . PUNCT 4 punct

1 Mr Mr PROPN 2 compound B-PER
2 Smith Smith PROPN 3 nsubj I-PER
3 praised praise VERB 0 root
4 Anna Anna PROPN 3 obj B-PER
5 Lee Lee PROPN 4 flat I-PER NoSpace
6 . . PUNCT 3 punct

1 He he PRON 2 nsubj
2 met meet VERB 0 root
3 the the DET 4 det
4 mayor mayor NOUN 2 obj NoSpace
5 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("John Smith | visits | Paris"));
  EXPECT_THAT(Triples(x), Contains("John Smith | praises | Anna Lee"));
  EXPECT_THAT(Triples(x), Contains("Anna Lee | meets | mayor"));  // most recent person
  int smiths = 0;
  for (const ExtractedEntity& e : x.entities) smiths += e.name.find("Smith") != std::string::npos;
  EXPECT_EQ(smiths, 1);
  EXPECT_EQ(Entity(x, "John Smith")->title, "Senator");
}

// The United Nations condemned Russia. The UN urged the Russian Federation to stop.
TEST(ExtractionTest, AcronymAndDemonymStateNamesMerge) {
  Extraction x = ExtractCompact(R"(
1 The the DET 3 det
2 United United PROPN 3 compound B-ORG
3 Nations Nations PROPN 4 nsubj I-ORG
4 condemned condemn VERB 0 root
5 Russia Russia PROPN 4 obj B-LOC NoSpace
6 . . PUNCT 4 punct

1 The the DET 2 det
2 UN UN PROPN 3 nsubj B-ORG
3 criticised criticise VERB 0 root
4 the the DET 6 det
5 Russian Russian ADJ 6 amod B-LOC
6 Federation Federation PROPN 3 obj I-LOC NoSpace
7 . . PUNCT 3 punct
)");
  EXPECT_EQ(x.entities.size(), 2u) << ::testing::PrintToString(Triples(x));
  const ExtractedEntity* un = Entity(x, "United Nations");
  ASSERT_NE(un, nullptr);
  EXPECT_THAT(un->aliases, Contains("UN"));
  EXPECT_THAT(Triples(x), Contains("United Nations | criticises | Russian Federation"));
}

// President Ann Ray spoke. Critics attacked the president.
TEST(ExtractionTest, DefiniteDescriptionByTitle) {
  Extraction x = ExtractCompact(R"(
1 President President PROPN 2 compound
2 Ann Ann PROPN 4 nsubj B-PER
3 Ray Ray PROPN 2 flat I-PER
4 spoke speak VERB 0 root NoSpace
5 . . PUNCT 4 punct

1 Critics critic NOUN 2 nsubj
2 attacked attack VERB 0 root
3 the the DET 4 det
4 president president NOUN 2 obj NoSpace
5 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("Critics | attacks | Ann Ray"));
}

// Ray's visits to Berlin angered Lee.
TEST(ExtractionTest, NominalEventWithPossessor) {
  Extraction x = ExtractCompact(R"(
1 Ray Ray PROPN 3 nmod:poss B-PER
2 's 's PART 1 case
3 visits visit NOUN 6 nsubj
4 to to ADP 5 case
5 Berlin Berlin PROPN 3 nmod B-LOC
6 angered anger VERB 0 root
7 Lee Lee PROPN 6 obj B-PER NoSpace
8 . . PUNCT 6 punct
)");
  EXPECT_THAT(Triples(x), Contains("Ray | visits | Berlin"));
  // In CaRB output the noun's reading ranks with the weak ones, under the clause.
  std::ostringstream out;
  WriteCarb(x, "Ray's visits to Berlin angered Lee.", out);
  EXPECT_THAT(out.str(), ::testing::HasSubstr("\t0.24\tvisits to\tRay\tBerlin\n"));
}

// Ann Ray lives in Salem, Oregon. (an apposition of a place to a place: "be in")
TEST(ExtractionTest, CarbPlaceAppositionIsIn) {
  Extraction x = ExtractCompact(R"(
1 Ann Ann PROPN 3 nsubj B-PER
2 Ray Ray PROPN 1 flat I-PER
3 lives live VERB 0 root
4 in in ADP 5 case
5 Salem Salem PROPN 3 obl B-LOC
6 , , PUNCT 7 punct
7 Oregon Oregon PROPN 5 appos B-LOC NoSpace
8 . . PUNCT 3 punct
)");
  std::ostringstream out;
  WriteCarb(x, "Ann Ray lives in Salem, Oregon.", out);
  EXPECT_THAT(out.str(), ::testing::HasSubstr("\tbe in\tSalem\tOregon\n"));
}

// Lee signaled openness to meeting with Ray.
TEST(ExtractionTest, HedgedNominalGerund) {
  Extraction x = ExtractCompact(R"(
1 Lee Lee PROPN 2 nsubj B-PER
2 signaled signal VERB 0 root
3 openness openness NOUN 2 obj
4 to to ADP 5 case
5 meeting meeting NOUN 3 nmod
6 with with ADP 7 case
7 Ray Ray PROPN 5 nmod B-PER NoSpace
8 . . PUNCT 2 punct
)");
  const ExtractedTriple* t = Find(x, "Lee", "meets_with", "Ray");
  ASSERT_NE(t, nullptr) << ::testing::PrintToString(Triples(x));
  EXPECT_TRUE(t->qualifiers.hedged);
  EXPECT_THAT(Triples(x), Contains("Lee | signals | openness to meeting with Ray"));
}

// Ray fired the aide, praising his work, and left Paris.
TEST(ExtractionTest, SubjectInheritedByConjunctAndParticiple) {
  Extraction x = ExtractCompact(R"(
1 Ray Ray PROPN 2 nsubj B-PER
2 fired fire VERB 0 root
3 the the DET 4 det
4 aide aide NOUN 2 obj NoSpace
5 , , PUNCT 6 punct
6 praising praise VERB 2 advcl
7 his his PRON 8 nmod:poss
8 work work NOUN 6 obj NoSpace
9 , , PUNCT 11 punct
10 and and CCONJ 11 cc
11 left leave VERB 2 conj
12 Paris Paris PROPN 11 obj B-LOC NoSpace
13 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("Ray | fires | aide"));
  EXPECT_THAT(Triples(x), Contains("Ray | praises | Ray's work"));
  EXPECT_THAT(Triples(x), Contains("Ray | leaves | Paris"));
}

// It rained. (no subject argument that can stand alone, no object: nothing extracted)
TEST(ExtractionTest, NothingFromUnresolvedPronounsOrIntransitives) {
  Extraction x = ExtractCompact(R"(
1 It it PRON 2 nsubj
2 hit hit VERB 0 root
3 them they PRON 2 obj NoSpace
4 . . PUNCT 2 punct
)");
  EXPECT_TRUE(Triples(x).empty()) << ::testing::PrintToString(Triples(x));
}

// "Fine words," Lee is quoted as saying. (the parser attached the speech verb to nothing useful)
TEST(ExtractionTest, ReportedSpeechFromQuotationMarks) {
  Extraction x = ExtractCompact(R"(
1 “ " PUNCT 4 punct NoSpace
2 We we PRON 4 nsubj
3 will will AUX 4 aux
4 win win VERB 0 root
5 it it PRON 4 obj NoSpace
6 , , PUNCT 4 punct NoSpace
7 ” " PUNCT 4 punct
8 Lee Lee PROPN 10 nsubj:pass B-PER
9 is be AUX 10 aux:pass
10 quoted quote VERB 4 conj
11 as as SCONJ 12 mark
12 saying say VERB 10 advcl NoSpace
13 . . PUNCT 4 punct
)");
  EXPECT_THAT(Triples(x), Contains("Lee | says | We will win it"));
}

// The plan drew criticism from France and German leaders (with "leaders" attached to
// "criticism" by the parser): the conjunct is moved onto "France".
TEST(ExtractionTest, RepairsPrepositionalCoordination) {
  Extraction x = ExtractCompact(R"(
1 The the DET 2 det
2 plan plan NOUN 3 nsubj
3 drew draw VERB 0 root
4 criticism criticism NOUN 3 obj
5 from from ADP 6 case
6 France France PROPN 4 nmod B-LOC
7 and and CCONJ 9 cc
8 German German ADJ 9 amod
9 leaders leader NOUN 4 conj NoSpace
10 . . PUNCT 3 punct
)");
  EXPECT_THAT(Triples(x), Contains("plan | draws_criticism_from | France"));
  EXPECT_THAT(Triples(x), Contains("plan | draws_criticism_from | German leaders"));
  EXPECT_THAT(Triples(x), Not(Contains("plan | draws | German leaders")));
}

// Lee said the firm has “always wanted a deal” (with "wanted" hanging off "said").
TEST(ExtractionTest, RepairsStrandedAuxiliary) {
  Extraction x = ExtractCompact(R"(
1 Lee Lee PROPN 2 nsubj B-PER
2 said say VERB 0 root
3 the the DET 4 det
4 firm firm NOUN 5 nsubj
5 has have AUX 2 ccomp
6 always always ADV 7 advmod
7 wanted want VERB 2 conj
8 a a DET 9 det
9 deal deal NOUN 7 obj NoSpace
10 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("firm | wants | deal"));
  EXPECT_THAT(Triples(x), Not(Contains("Lee | wants | deal")));
}

// Ray toured Moscow. His visits to Moscow drew scrutiny. ("Moscow" tagged as a verb the second time)
TEST(ExtractionTest, RepairsNamesTaggedAsVerbs) {
  Extraction x = ExtractCompact(R"(
1 Ray Ray PROPN 2 nsubj B-PER
2 toured tour VERB 0 root
3 Moscow Moscow PROPN 2 obj B-LOC NoSpace
4 . . PUNCT 2 punct

1 His his PRON 2 nmod:poss
2 visits visit NOUN 5 nsubj
3 to to PART 4 mark
4 Moscow Moscow VERB 2 acl
5 drew draw VERB 0 root
6 scrutiny scrutiny NOUN 5 obj NoSpace
7 . . PUNCT 5 punct
)");
  EXPECT_THAT(Triples(x), Contains("Ray | visits | Moscow"));
  EXPECT_THAT(Triples(x), Not(Contains("Ray | moscows | scrutiny")));
}

// Ray praised the senator, but he stayed home. Senator Lee ... : "he" is the earlier subject.
TEST(ExtractionTest, SubjectPronounPrefersEarlierSubject) {
  Extraction x = ExtractCompact(R"(
1 Senator senator PROPN 2 compound
2 Lee Lee PROPN 3 nsubj B-PER
3 spoke speak VERB 0 root NoSpace
4 . . PUNCT 3 punct

1 Ray Ray PROPN 2 nsubj B-PER
2 praised praise VERB 0 root
3 the the DET 4 det
4 senator senator NOUN 2 obj NoSpace
5 , , PUNCT 8 punct
6 but but CCONJ 8 cc
7 he he PRON 8 nsubj
8 visited visit VERB 2 conj
9 Paris Paris PROPN 8 obj B-LOC NoSpace
10 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("Ray | praises | Lee"));
  EXPECT_THAT(Triples(x), Contains("Ray | visits | Paris"));
}

// Jane Doe arrived. Later, Doe (tagged NOUN) met Ann Ray: the stray surname is still Jane Doe.
TEST(ExtractionTest, StrayNamesLinkToKnownEntities) {
  Extraction x = ExtractCompact(R"(
1 Jane Jane PROPN 3 nsubj B-PER
2 Doe Doe PROPN 1 flat I-PER
3 arrived arrive VERB 0 root NoSpace
4 . . PUNCT 3 punct

1 Later later ADV 3 advmod NoSpace
2 Doe doe NOUN 3 nsubj
3 thanked thank VERB 0 root
4 Ann Ann PROPN 3 obj B-PER
5 Ray Ray PROPN 4 flat I-PER NoSpace
6 . . PUNCT 3 punct
)");
  EXPECT_THAT(Triples(x), Contains("Jane Doe | thanks | Ann Ray"));
}

// Ray engaged directly with President Ann Lee (with "with" and "directly" inside the object's
// subtree and the object labelled obj): still a prepositional object.
TEST(ExtractionTest, PrepositionFoundInsideMislabelledObject) {
  Extraction x = ExtractCompact(R"(
1 Ray Ray PROPN 2 nsubj B-PER
2 engaged engage VERB 0 root
3 directly directly ADV 7 advmod
4 with with ADP 6 case
5 President President PROPN 6 compound
6 Ann Ann PROPN 2 obj B-PER
7 Lee Lee PROPN 6 flat I-PER NoSpace
8 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("Ray | engages_with | Ann Lee"));
  EXPECT_THAT(Triples(x), Not(Contains("Ray | engages | Ann Lee")));
}

// "than it had previously stated" with "had" as the clause head and "stated" its head: the
// stranded-auxiliary repair must not make "stated" its own head (it used to hang extraction).
TEST(ExtractionTest, RepairNeverMakesACycle) {
  Extraction x = ExtractCompact(R"(
1 This this PRON 5 nsubj
2 was be AUX 5 cop
3 eight eight NUM 4 nummod
4 times time NOUN 5 obl:unmarked
5 higher high ADJ 0 root
6 than than ADP 8 mark
7 it it PRON 8 nsubj
8 had have AUX 10 advcl
9 previously previously ADV 10 advmod
10 stated state VERB 5 advcl NoSpace
11 . . PUNCT 5 punct
)");
  EXPECT_THAT(Triples(x), Not(Contains("This | states | it")));
}

// A parser cycle (1 -> 2 -> 1) is cut before the rules run.
TEST(ExtractionTest, InputCycleIsCut) {
  Extraction x = ExtractCompact(R"(
1 Anna Anna PROPN 2 nsubj B-PER
2 likes like VERB 1 acl
3 tea tea NOUN 2 obj NoSpace
4 . . PUNCT 2 punct
)");
  EXPECT_GE(x.entities.size(), 1u);
}

// Anna lost the match Ben won: a relative clause without a relative pronoun has the noun it
// modifies as its object.
TEST(ExtractionTest, ObjectRelativeClause) {
  Extraction x = ExtractCompact(R"(
1 Anna Anna PROPN 2 nsubj B-PER
2 lost lose VERB 0 root
3 the the DET 4 det
4 match match NOUN 2 obj
5 Ben Ben PROPN 6 nsubj B-PER
6 won win VERB 4 acl:relcl NoSpace
7 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("Ben | wins | match"));
  EXPECT_THAT(Triples(x), Contains("Anna | loses | match"));
}

// The house Ben lived in: a stranded preposition, no object reading.
TEST(ExtractionTest, RelativeClauseWithStrandedPreposition) {
  Extraction x = ExtractCompact(R"(
1 Anna Anna PROPN 2 nsubj B-PER
2 sold sell VERB 0 root
3 the the DET 4 det
4 house house NOUN 2 obj
5 Ben Ben PROPN 6 nsubj B-PER
6 lived live VERB 4 acl:relcl
7 in in ADP 6 obl NoSpace
8 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Not(Contains("Ben | lives | house")));
}


// ---- Repairs and subject rules for misparsed news sentences (made-up sentences) ----------

// The deal collapsed days after Acme signed a contract. ("after Acme" read as an oblique of
// "signed", which has no subject)
TEST(ExtractionTest, RepairsSubordinateClauseReadAsPrepositionalPhrase) {
  Extraction x = ExtractCompact(R"(
1 The the DET 2 det
2 deal deal NOUN 3 nsubj
3 collapsed collapse VERB 0 root
4 days day NOUN 7 obl:unmarked
5 after after SCONJ 6 case
6 Acme Acme PROPN 7 obl B-ORG
7 signed sign VERB 3 conj xpos=VBD
8 a a DET 9 det
9 contract contract NOUN 7 obj NoSpace
10 . . PUNCT 3 punct
)");
  EXPECT_THAT(Triples(x), Contains("Acme | signs | contract"));
  EXPECT_THAT(Triples(x), Not(Contains("deal | signs | contract")));
}

// The bill drew praise from Paris and German leaders. ("leaders" a second object of "drew",
// "German" a conjunct before its head)
TEST(ExtractionTest, RepairsSecondObjectStartingWithConjunction) {
  Extraction x = ExtractCompact(R"(
1 The the DET 2 det
2 bill bill NOUN 3 nsubj
3 drew draw VERB 0 root
4 praise praise NOUN 3 obj
5 from from ADP 6 case
6 Paris Paris PROPN 3 obl B-LOC
7 and and CCONJ 8 cc
8 German German ADJ 9 conj
9 leaders leader NOUN 3 obj NoSpace
10 . . PUNCT 3 punct
)");
  EXPECT_THAT(Triples(x), Contains("bill | draws_praise_from | Paris"));
  EXPECT_THAT(Triples(x), Contains("bill | draws_praise_from | German leaders"));
  EXPECT_THAT(Triples(x), Not(Contains("bill | draws | German leaders")));
}

// Ray rejected the report, telling journalists that it was false. ("telling" attached to
// "report")
TEST(ExtractionTest, CommaParticipleAfterObjectTakesTheSubject) {
  Extraction x = ExtractCompact(R"(
1 Ray Ray PROPN 2 nsubj B-PER
2 rejected reject VERB 0 root
3 the the DET 4 det
4 report report NOUN 2 obj NoSpace
5 , , PUNCT 6 punct
6 telling tell VERB 4 acl
7 journalists journalist NOUN 6 obj NoSpace
8 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("Ray | tells | journalists"));
  EXPECT_THAT(Triples(x), Not(Contains("report | tells | journalists")));
}

// Ann Lee, while visiting Rome, has praised the plan. ("visiting" attached to the subject)
TEST(ExtractionTest, AdverbialClauseOnTheSubjectHasThatSubject) {
  Extraction x = ExtractCompact(R"(
1 Ann Ann PROPN 9 nsubj B-PER
2 Lee Lee PROPN 1 flat I-PER NoSpace
3 , , PUNCT 1 punct
4 while while SCONJ 5 mark
5 visiting visit VERB 1 advcl
6 Rome Rome PROPN 5 obj B-LOC NoSpace
7 , , PUNCT 5 punct
8 has have AUX 9 aux
9 praised praise VERB 0 root
10 the the DET 11 det
11 plan plan NOUN 9 obj NoSpace
12 . . PUNCT 9 punct
)");
  EXPECT_THAT(Triples(x), Contains("Ann Lee | visits | Rome"));
  EXPECT_THAT(Triples(x), Contains("Ann Lee | praises | plan"));
}

// “Just sign the deal,” Lee is quoted as saying. (the imperative's subject is the addressee)
TEST(ExtractionTest, ImperativeInheritsNoSubject) {
  Extraction x = ExtractCompact(R"(
1 “ " PUNCT 3 punct NoSpace
2 Just just ADV 3 advmod
3 sign sign VERB 10 ccomp xpos=VB
4 the the DET 5 det
5 deal deal NOUN 3 obj NoSpace
6 , , PUNCT 3 punct NoSpace
7 ” " PUNCT 3 punct
8 Lee Lee PROPN 10 nsubj:pass B-PER
9 is be AUX 10 aux:pass
10 quoted quote VERB 0 root
11 as as SCONJ 12 mark
12 saying say VERB 10 advcl NoSpace
13 . . PUNCT 10 punct
)");
  EXPECT_THAT(Triples(x), Contains("Lee | says | Just sign the deal"));
  EXPECT_THAT(Triples(x), Not(Contains("Lee | signs | deal")));
}

// The study underscores the risk and how rivals continue to shape markets. ("continue", a
// present tense form, attached as an open complement of "underscores")
TEST(ExtractionTest, FiniteVerbUnderXcompInheritsNoSubject) {
  Extraction x = ExtractCompact(R"(
1 The the DET 2 det
2 study study NOUN 3 nsubj
3 underscores underscore VERB 0 root
4 the the DET 5 det
5 risk risk NOUN 3 obj
6 and and CCONJ 8 cc
7 how how ADV 8 advmod
8 rivals rival NOUN 5 conj
9 continue continue VERB 3 xcomp xpos=VBP
10 to to PART 11 mark
11 shape shape VERB 9 xcomp xpos=VB
12 markets market NOUN 11 obj NoSpace
13 . . PUNCT 3 punct
)");
  EXPECT_THAT(Triples(x), Contains("study | underscores | risk"));
  EXPECT_THAT(Triples(x), Not(Contains("study | continues_to_shape | markets")));
}

// The plan drew scrutiny due to his visits. ("visits" coordinated with "scrutiny")
TEST(ExtractionTest, ConjunctWithItsOwnPrepositionIsNotAnObject) {
  Extraction x = ExtractCompact(R"(
1 The the DET 2 det
2 plan plan NOUN 3 nsubj
3 drew draw VERB 0 root
4 scrutiny scrutiny NOUN 3 obj
5 due due ADJ 8 case
6 to to ADP 5 fixed
7 his his PRON 8 nmod:poss
8 visits visit NOUN 4 conj NoSpace
9 . . PUNCT 3 punct
)");
  EXPECT_THAT(Triples(x), Contains("plan | draws | scrutiny"));
  EXPECT_THAT(Triples(x), Not(Contains("plan | draws | his visits")));
}

// Lee met India, along with Chile. ("along with" coordinates: both are objects)
TEST(ExtractionTest, ComitativePrepositionStillCoordinates) {
  Extraction x = ExtractCompact(R"(
1 Lee Lee PROPN 2 nsubj B-PER
2 met meet VERB 0 root
3 India India PROPN 2 obj B-LOC NoSpace
4 , , PUNCT 7 punct
5 along along ADP 7 case
6 with with ADP 5 fixed
7 Chile Chile PROPN 3 conj B-LOC NoSpace
8 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("Lee | meets | India"));
  EXPECT_THAT(Triples(x), Contains("Lee | meets | Chile"));
}

// In the recording, Lee allegedly instructed envoy Ann Ray on how to answer questions.
// (no verb: "instructed" tagged as an adjective of "envoy", "recording" the root)
TEST(ExtractionTest, RepairsVerblessSentenceWithPastFormReadAsAdjective) {
  Extraction x = ExtractCompact(R"(
1 In in ADP 3 case
2 the the DET 3 det
3 recording recording NOUN 0 root NoSpace
4 , , PUNCT 3 punct
5 Lee Lee PROPN 8 compound B-PER
6 allegedly allegedly ADV 5 advmod
7 instructed instructed ADJ 8 amod xpos=JJ
8 envoy envoy NOUN 3 appos
9 Ann Ann PROPN 8 appos B-PER
10 Ray Ray PROPN 9 flat I-PER
11 on on SCONJ 14 mark
12 how how ADV 14 advmod
13 to to PART 14 mark
14 answer answer VERB 8 acl
15 questions question NOUN 14 obj NoSpace
16 . . PUNCT 3 punct
)");
  const ExtractedTriple* t = Find(x, "Lee", "instructs", "Ann Ray");
  ASSERT_NE(t, nullptr) << ::testing::PrintToString(Triples(x));
  EXPECT_TRUE(t->qualifiers.hedged);
  EXPECT_THAT(Triples(x), Contains("Ann Ray | answers | questions"));
}

// Lee advised a senior official. Lee later called aide Ann Ray. (the description is the person
// named next, acted on by the same agent)
TEST(ExtractionTest, IndefiniteRoleDescriptionBridgesToThePersonNamedNext) {
  const std::string first = R"(
1 Lee Lee PROPN 2 nsubj B-PER
2 advised advise VERB 0 root
3 a a DET 5 det
4 senior senior ADJ 5 amod
5 official official NOUN 2 obj NoSpace
6 . . PUNCT 2 punct
)";
  Extraction x = ExtractCompact(first + R"(
1 Lee Lee PROPN 3 nsubj B-PER
2 later later ADV 3 advmod
3 called call VERB 0 root
4 aide aide NOUN 5 compound
5 Ann Ann PROPN 3 obj B-PER
6 Ray Ray PROPN 5 flat I-PER NoSpace
7 . . PUNCT 3 punct
)");
  EXPECT_THAT(Triples(x), Contains("Lee | advises | Ann Ray"));
  EXPECT_THAT(Triples(x), Not(Contains("Lee | advises | senior official")));

  // Someone else acts on the named person: the description stays a description.
  Extraction y = ExtractCompact(first + R"(
1 Kim Kim PROPN 3 nsubj B-PER
2 later later ADV 3 advmod
3 called call VERB 0 root
4 aide aide NOUN 5 compound
5 Ann Ann PROPN 3 obj B-PER
6 Ray Ray PROPN 5 flat I-PER NoSpace
7 . . PUNCT 3 punct
)");
  EXPECT_THAT(Triples(y), Contains("Lee | advises | senior official"));
}

TEST(ExtractionTest, PastToBaseThroughVerblessRepairLemma) {
  // The repaired verb's relation name comes from a base form even when the lemma was the
  // past form itself (checked through "carried" -> "carries").
  Extraction x = ExtractCompact(R"(
1 At at ADP 2 case
2 night night NOUN 0 root NoSpace
3 , , PUNCT 2 punct
4 Lee Lee PROPN 7 compound B-PER
5 carried carried ADJ 7 amod xpos=JJ
6 heavy heavy ADJ 7 amod
7 boxes box NOUN 2 appos NoSpace
8 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("Lee | carries | heavy boxes"));
}

// Sales are expected to rise. (CaRB wording keeps the words that govern the complement)
TEST(ExtractionTest, CarbRelationKeepsGoverningWords) {
  Extraction x = ExtractCompact(R"(
1 Sales sale NOUN 3 nsubj:pass
2 are be AUX 3 aux:pass
3 expected expect VERB 0 root
4 to to PART 5 mark
5 beat beat VERB 3 xcomp xpos=VB
6 rivals rival NOUN 5 obj NoSpace
7 . . PUNCT 3 punct
)");
  const ExtractedTriple* t = Find(x, "Sales", "beats", "rivals");
  ASSERT_NE(t, nullptr) << ::testing::PrintToString(Triples(x));
  EXPECT_EQ(t->relation_surface, "are expected to beat");
}

// The bridge built by Ann Ray collapsed. (a participle without an auxiliary: the CaRB wording
// adds the lemma "be", "be built by")
TEST(ExtractionTest, CarbReducedRelativeIsWordedWithBe) {
  Extraction x = ExtractCompact(R"(
1 The the DET 2 det
2 bridge bridge NOUN 7 nsubj
3 built build VERB 2 acl xpos=VBN
4 by by ADP 5 case
5 Ann Ann PROPN 3 obl:agent B-PER
6 Ray Ray PROPN 5 flat I-PER
7 collapsed collapse VERB 0 root xpos=VBD NoSpace
8 . . PUNCT 7 punct
)");
  EXPECT_THAT(Triples(x), Contains("Ann Ray | builds | bridge"));
  bool found = false;
  for (const ExtractedTriple& t : x.triples) {
    if (t.relation == "is_built_by") {
      found = true;
      EXPECT_EQ(t.relation_surface, "be built by");
    }
  }
  EXPECT_TRUE(found) << ::testing::PrintToString(Triples(x));
}

// The concerts in 1944 were cancelled. (a noun modifier that is a time ranks under the one of a
// place)
TEST(ExtractionTest, CarbNounModifierOfTimeRanksLow) {
  Extraction x = ExtractCompact(R"(
1 The the DET 2 det
2 concerts concert NOUN 7 nsubj:pass xpos=NNS
3 in in ADP 4 case
4 1944 1944 NUM 2 nmod
5 were be AUX 7 aux:pass
6 all all ADV 7 advmod
7 cancelled cancel VERB 0 root xpos=VBN NoSpace
8 . . PUNCT 7 punct
)");
  std::ostringstream out;
  WriteCarb(x, "The concerts in 1944 were all cancelled.", out);
  EXPECT_THAT(out.str(), ::testing::HasSubstr("\t0.20\tbe in\tThe concerts\t1944\n"));
}

// Lee was readmitted in 1841. (a passive with no other argument: its time is the second
// argument of a weak CaRB reading)
TEST(ExtractionTest, CarbPassiveWithOnlyATime) {
  Extraction x = ExtractCompact(R"(
1 Lee Lee PROPN 3 nsubj:pass B-PER
2 was be AUX 3 aux:pass
3 readmitted readmit VERB 0 root xpos=VBN
4 in in ADP 5 case
5 1841 1841 NUM 3 obl NoSpace
6 . . PUNCT 3 punct
)");
  std::ostringstream out;
  WriteCarb(x, "Lee was readmitted in 1841.", out);
  EXPECT_THAT(out.str(), ::testing::HasSubstr("\twas readmitted\tLee\tin 1841\n"));
  EXPECT_TRUE(Triples(x).empty()) << ::testing::PrintToString(Triples(x));  // not in the graph
}

// It 's closed . (pre-tokenised text whose clitic the tokenizer split into ' and s: the
// relation keeps the apostrophe)
TEST(ExtractionTest, SplitCliticKeepsItsApostrophe) {
  Extraction x = ExtractCompact(R"(
1 Lee Lee PROPN 4 nsubj:pass B-PER
2 ' ' PUNCT 3 punct NoSpace
3 s be AUX 4 aux:pass
4 closed close VERB 0 root xpos=VBN
5 in in ADP 6 case
6 1841 1841 NUM 4 obl
7 . . PUNCT 4 punct
)");
  std::ostringstream out;
  WriteCarb(x, "Lee 's closed in 1841 .", out);
  EXPECT_THAT(out.str(), ::testing::HasSubstr("\t's closed\tLee\tin 1841\n"));
}

// Lee's museum in Rome was closed. (a prepositional modifier as a weak CaRB-only reading;
// possessives give nothing)
TEST(ExtractionTest, NounModifierIsAWeakCarbReading) {
  Extraction x = ExtractCompact(R"(
1 Lee Lee PROPN 3 nmod:poss B-PER
2 's 's PART 1 case
3 museum museum NOUN 8 nsubj:pass
4 in in ADP 5 case
5 Rome Rome PROPN 3 nmod B-LOC
6 was be AUX 8 aux:pass
7 quickly quickly ADV 8 advmod
8 closed close VERB 0 root xpos=VBN
9 . . PUNCT 8 punct
)");
  bool found = false;
  for (const ExtractedTriple& t : x.triples) {
    if (t.relation == "is_in") {
      found = true;
      EXPECT_EQ(t.kind, TripleKind::kMinor);
      EXPECT_EQ(t.relation_surface, "be in");  // a relation the sentence does not write: "be"
      EXPECT_EQ(t.object.text, "Rome");
    }
    EXPECT_NE(t.relation, "has");
  }
  EXPECT_TRUE(found);
  EXPECT_THAT(Triples(x), Not(Contains("museum | is_in | Rome")));  // never in the graph
}

// Lee became mayor of Leeds and the roads became safer.
TEST(ExtractionTest, PredicativeComplementIsWhatTheSubjectBecomes) {
  Extraction x = ExtractCompact(R"(
1 Lee Lee PROPN 2 nsubj B-PER
2 became become VERB 0 root
3 mayor mayor NOUN 2 xcomp
4 of of ADP 5 case
5 Leeds Leeds PROPN 3 nmod B-LOC
6 and and CCONJ 9 cc
7 the the DET 8 det
8 roads road NOUN 9 nsubj
9 became become VERB 2 conj
10 safer safe ADJ 9 xcomp NoSpace
11 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("Lee | becomes | mayor of Leeds"));
  const ExtractedTriple* t = Find(x, "roads", "becomes", "safer");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->kind, TripleKind::kMinor);  // adjectival: a weak reading
}

// The founders, Lee and Kim, left. (the CaRB reading of an apposition writes the lemma "be",
// which the CaRB scorer takes for any form of "to be": is, are, was, were)
TEST(ExtractionTest, AppositionReadingIsTheLemmaBe) {
  Extraction x = ExtractCompact(R"(
1 The the DET 2 det
2 founders founder NOUN 7 nsubj xpos=NNS NoSpace
3 , , PUNCT 4 punct
4 Lee Lee PROPN 2 appos B-PER
5 and and CCONJ 6 cc
6 Kim Kim PROPN 4 conj B-PER NoSpace
7 left leave VERB 0 root xpos=VBD NoSpace
8 . . PUNCT 7 punct
)");
  bool found = false;
  for (const ExtractedTriple& t : x.triples) {
    if (t.kind == TripleKind::kMinor && t.relation == "is" && t.object.text == "Lee") {
      found = true;
      EXPECT_EQ(t.relation_surface, "be");
    }
  }
  EXPECT_TRUE(found);
}

// Critics praised the band retaining loyal fans. (the subject of "retaining" is "band", not
// its whole phrase, which contains the predicate)
TEST(ExtractionTest, ArgumentLeavesOutThePredicateItContains) {
  Extraction x = ExtractCompact(R"(
1 Critics critic NOUN 2 nsubj
2 praised praise VERB 0 root
3 the the DET 4 det
4 band band NOUN 2 obj
5 retaining retain VERB 4 acl
6 loyal loyal ADJ 7 amod
7 fans fan NOUN 5 obj NoSpace
8 . . PUNCT 2 punct
)");
  const ExtractedTriple* t = Find(x, "band", "retains", "loyal fans");
  ASSERT_NE(t, nullptr) << ::testing::PrintToString(Triples(x));
  EXPECT_EQ(t->subject.surface, "the band");
}

// CaRB output: a title from a name prefix is ranked as a weak reading, below the clause.
TEST(ExtractionTest, CarbRanksTitlesBelowClauses) {
  Extraction x = ExtractCompact(R"(
1 Mayor mayor PROPN 2 compound
2 Ann Ann PROPN 4 nsubj B-PER
3 Ray Ray PROPN 2 flat I-PER
4 met meet VERB 0 root
5 Lee Lee PROPN 4 obj B-PER NoSpace
6 . . PUNCT 4 punct
)");
  std::ostringstream out;
  WriteCarb(x, "Mayor Ann Ray met Lee.", out);
  std::string carb = out.str();
  EXPECT_THAT(carb, ::testing::HasSubstr("Mayor Ann Ray met Lee.\t0.90\tmet\tMayor Ann Ray\tLee\n"));
  EXPECT_THAT(carb, ::testing::HasSubstr("Mayor Ann Ray met Lee.\t0.34\tbe\tAnn Ray\tMayor\n"));
}

// Its chairman, Ann Ray, accused the board. -> the chairman is Ann Ray.
TEST(ExtractionTest, NounWithNamedAppositionIsTheNamedOne) {
  Extraction x = ExtractCompact(R"(
1 Its its PRON 2 nmod:poss
2 chairman chairman NOUN 7 nsubj xpos=NN NoSpace
3 , , PUNCT 5 punct
4 Ann Ann PROPN 5 compound B-PER
5 Ray Ray PROPN 2 appos I-PER NoSpace
6 , , PUNCT 2 punct
7 accused accuse VERB 0 root xpos=VBD
8 the the DET 9 det
9 board board NOUN 7 obj NoSpace
10 . . PUNCT 7 punct
)");
  EXPECT_THAT(Triples(x), Contains("Ann Ray | accuses | board"));
  EXPECT_THAT(Triples(x), Not(Contains("chairman | accuses | board")));
}

// Rates fell to a low, the Acme Bank said. -> "low" is not renamed by an organisation.
TEST(ExtractionTest, OrganisationAppositionOnlyRenamesAGroupNoun) {
  Extraction x = ExtractCompact(R"(
1 Rates rate NOUN 2 nsubj
2 fell fall VERB 0 root xpos=VBD
3 to to ADP 5 case
4 a a DET 5 det
5 low low NOUN 2 obl xpos=NN NoSpace
6 , , PUNCT 9 punct
7 the the DET 9 det
8 Acme Acme PROPN 9 compound B-ORG
9 Bank Bank PROPN 5 appos I-ORG
10 said say VERB 2 parataxis NoSpace
11 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Not(Contains("Rates | falls_to | Acme Bank")));
}

// If the public chose Ann Lee, taxes would fall. ("chose" tagged as a noun)
TEST(ExtractionTest, VerbFormBeforeNameIsNoTitle) {
  Extraction x = ExtractCompact(R"(
1 If if SCONJ 10 mark
2 the the DET 4 det
3 public public ADJ 4 amod
4 chose chose NOUN 5 compound xpos=NN
5 Ann Ann PROPN 10 nsubj B-PER
6 Lee Lee PROPN 5 flat I-PER NoSpace
7 , , PUNCT 10 punct
8 taxes tax NOUN 10 nsubj
9 would would AUX 10 aux
10 fall fall VERB 0 root NoSpace
11 . . PUNCT 10 punct
)");
  const ExtractedEntity* e = Entity(x, "Ann Lee");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->title, "");
}

// The deal was approved by the European Commission. (the recogniser found only "Commission")
TEST(ExtractionTest, OrganisationSpanTakesItsCapitalisedModifiers) {
  Extraction x = ExtractCompact(R"(
1 The the DET 2 det
2 deal deal NOUN 4 nsubj:pass
3 was be AUX 4 aux:pass
4 approved approve VERB 0 root xpos=VBN
5 by by ADP 8 case
6 the the DET 8 det
7 European European ADJ 8 amod
8 Commission Commission PROPN 4 obl:agent B-ORG NoSpace
9 . . PUNCT 4 punct
)");
  EXPECT_THAT(Triples(x), Contains("European Commission | approves | deal"));
}

// An earthquake struck Peru. (parsed with "earthquake" as root and "struck" as its acl)
TEST(ExtractionTest, NounRootWithPastFormIsAClause) {
  Extraction x = ExtractCompact(R"(
1 An a DET 2 det
2 earthquake earthquake NOUN 0 root
3 struck strike VERB 2 acl xpos=VBD
4 Peru Peru PROPN 3 xcomp B-LOC NoSpace
5 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("earthquake | strikes | Peru"));
}

// Guy wrote a history of Tudor England. He ... -> "Tudor England" (tagged a person) is a place,
// and "He" is Guy.
TEST(ExtractionTest, PersonSpanEndingInACountryIsAPlace) {
  Extraction x = ExtractCompact(R"(
1 Ann Ann PROPN 3 nsubj B-PER
2 Guy Guy PROPN 1 flat I-PER
3 wrote write VERB 0 root xpos=VBD
4 a a DET 5 det
5 history history NOUN 3 obj
6 of of ADP 7 case
7 Tudor Tudor PROPN 5 nmod B-PER
8 England England PROPN 7 flat I-PER NoSpace
9 . . PUNCT 3 punct

1 He he PRON 2 nsubj
2 praised praise VERB 0 root xpos=VBD
3 Lee Lee PROPN 2 obj B-PER NoSpace
4 . . PUNCT 2 punct
)");
  const ExtractedEntity* e = Entity(x, "Tudor England");
  ASSERT_NE(e, nullptr);
  EXPECT_NE(e->label, EntityLabel::kPerson);
  EXPECT_THAT(Triples(x), Contains("Ann Guy | praises | Lee"));
}

// A pasted encoded block: its letter runs are not names.
TEST(ExtractionTest, EncodedDataGivesNoEntities) {
  Extraction x = ExtractCompact(R"(
1 Lee Lee PROPN 2 nsubj B-PER
2 sent send VERB 0 root xpos=VBD
3 XParYYZuR5WciPtt+VrxFnLdDN/Grv0aQ XParYYZuR5WciPtt+VrxFnLdDN/Grv0aQ PROPN 2 obj B-ORG NoSpace
4 . . PUNCT 2 punct
)");
  for (const ExtractedEntity& e : x.entities) EXPECT_EQ(e.name.find("XPar"), std::string::npos) << e.name;
  EXPECT_THAT(Triples(x), Not(Contains(::testing::HasSubstr("XPar"))));
}

// "Acme Foods ... Acme said": the one organisation starting with "Acme" is meant.
TEST(ExtractionTest, FirstWordOfOrganisationIsTheOrganisation) {
  Extraction x = ExtractCompact(R"(
1 Acme Acme PROPN 2 compound B-ORG
2 Foods Foods PROPN 3 nsubj I-ORG
3 bought buy VERB 0 root xpos=VBD
4 Zeta Zeta PROPN 3 obj B-ORG NoSpace
5 . . PUNCT 3 punct

1 Acme Acme PROPN 2 nsubj B-LOC
2 hired hire VERB 0 root xpos=VBD
3 Lee Lee PROPN 2 obj B-PER NoSpace
4 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("Acme Foods | hires | Lee"));
}

// CaRB: "Lee is aware of the risk." reads "is aware of | Lee | the risk".
TEST(ExtractionTest, CarbAdjectiveWithPrepositionIsTheRelation) {
  Extraction x = ExtractCompact(R"(
1 Lee Lee PROPN 3 nsubj B-PER
2 is be AUX 3 cop
3 aware aware ADJ 0 root
4 of of ADP 6 case
5 the the DET 6 det
6 risk risk NOUN 3 obl NoSpace
7 . . PUNCT 3 punct
)");
  std::ostringstream out;
  WriteCarb(x, "Lee is aware of the risk.", out);
  EXPECT_THAT(out.str(), ::testing::HasSubstr("\tis aware of\tLee\tthe risk\n"));
}

// Tom Holm, the grandson of Bob Ray's founder, won. He praised Lee. -> He is Tom Holm, not the
// possessor Bob Ray mentioned after him.
TEST(ExtractionTest, PronounPrefersANonPossessivePerson) {
  Extraction x = ExtractCompact(R"(
1 Tom Tom PROPN 12 nsubj B-PER
2 Holm Holm PROPN 1 flat I-PER NoSpace
3 , , PUNCT 5 punct
4 the the DET 5 det
5 grandson grandson NOUN 1 appos
6 of of ADP 10 case
7 Bob Bob PROPN 10 nmod:poss B-PER
8 Ray Ray PROPN 7 flat I-PER NoSpace
9 's 's PART 7 case
10 friend friend NOUN 5 nmod NoSpace
11 , , PUNCT 1 punct
12 won win VERB 0 root xpos=VBD NoSpace
13 . . PUNCT 12 punct

1 He he PRON 2 nsubj
2 praised praise VERB 0 root xpos=VBD
3 Lee Lee PROPN 2 obj B-PER NoSpace
4 . . PUNCT 2 punct
)");
  EXPECT_THAT(Triples(x), Contains("Tom Holm | praises | Lee"));
}

// The deal was criticised by the Norwegian Fishermen's Association (NFA). ("Fishermen" a person
// span, "Association" the organisation): the acronym's letters give the name's extent.
TEST(ExtractionTest, ParenthesisedAcronymGivesTheNamesExtent) {
  Extraction x = ExtractCompact(R"(
1 The the DET 2 det
2 deal deal NOUN 4 nsubj:pass
3 was be AUX 4 aux:pass
4 criticised criticise VERB 0 root xpos=VBN
5 by by ADP 10 case
6 the the DET 10 det
7 Norwegian Norwegian ADJ 8 amod
8 Fishermen Fishermen PROPN 10 nmod:poss B-PER NoSpace
9 's 's PART 8 case
10 Association Association PROPN 4 obl:agent B-ORG
11 ( ( PUNCT 12 punct NoSpace
12 NFA NFA PROPN 10 appos NoSpace
13 ) ) PUNCT 12 punct NoSpace
14 . . PUNCT 4 punct
)");
  EXPECT_THAT(Triples(x), Contains("Norwegian Fishermen's Association | criticises | deal"));
}

// A "verb" with a digit in it is a tagging error ("rest 18-year-old Nadal" read with
// 18-year-old as the verb): no relation is named after it.
TEST(ExtractionTest, WordWithDigitIsNoPredicate) {
  Extraction x = ExtractCompact(R"(
1 Coach coach NOUN 2 compound
2 Arrese Arrese PROPN 3 nsubj B-PER
3 chose choose VERB 0 root xpos=VBD
4 to to PART 5 mark
5 rest rest VERB 3 xcomp
6 18-year-old 18-year-old VERB 5 xcomp
7 Nadal Nadal PROPN 6 obj B-PER
8 . . PUNCT 3 punct
)");
  for (const auto& t : Triples(x)) {
    EXPECT_EQ(t.find("18-year"), std::string::npos) << t;
  }
}

}  // namespace
}  // namespace kg::ingest
