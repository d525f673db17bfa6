#include "ingest/extract/extraction.h"

#include <set>
#include <tuple>

#include "ingest/extract/clause_extractor.h"
#include "ingest/extract/entity_resolver.h"
#include "ingest/extract/tree.h"

namespace kg::ingest {

std::string_view EntityLabelName(EntityLabel label) {
  switch (label) {
    case EntityLabel::kPerson:
      return "Person";
    case EntityLabel::kOrganization:
      return "Organization";
    case EntityLabel::kLocation:
      return "Location";
    case EntityLabel::kConcept:
      return "Concept";
  }
  return "Concept";
}

std::string ThirdPerson(std::string_view lemma_in) {
  std::string l = LowerAscii(lemma_in);
  if (l.empty()) return l;
  if (l == "be") return "is";
  if (l == "have") return "has";
  if (l == "do") return "does";
  if (l == "go") return "goes";
  auto ends = [&](std::string_view s) {
    return l.size() >= s.size() && std::string_view(l).substr(l.size() - s.size()) == s;
  };
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  if (ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh")) return l + "es";
  if (l.size() > 1 && l.back() == 'y' && !vowel(l[l.size() - 2])) {
    return l.substr(0, l.size() - 1) + "ies";
  }
  if (l.size() > 1 && l.back() == 'o' && !vowel(l[l.size() - 2])) return l + "es";
  return l + "s";
}

Extraction ExtractDocument(std::string_view /*text*/, const std::vector<Sentence>& sentences) {
  std::vector<Tree> trees;
  trees.reserve(sentences.size());
  for (const Sentence& s : sentences) trees.emplace_back(s);
  EntityIndex index = ResolveEntities(sentences, trees);

  Extraction result;
  std::vector<ExtractedTriple> raw;
  for (int si = 0; si < static_cast<int>(sentences.size()); ++si) {
    ExtractClauses(trees, si, index, &raw);
  }
  result.entities = std::move(index.entities);

  // Titles become triples of their own, evidenced by the entity's first mention.
  for (size_t id = 0; id < result.entities.size(); ++id) {
    const ExtractedEntity& e = result.entities[id];
    if (e.title.empty()) continue;
    ExtractedTriple t;
    t.subject.text = t.subject.surface = e.name;
    t.subject.entity = static_cast<int>(id);
    t.relation = "title";
    t.relation_surface = "is";
    t.object.text = t.object.surface = e.title;
    t.kind = TripleKind::kTitle;
    t.confidence = 0.85;
    t.sentence = e.first_sentence;
    if (e.first_sentence < static_cast<int>(sentences.size())) {
      t.begin = sentences[e.first_sentence].begin;
      t.end = sentences[e.first_sentence].end;
    }
    raw.push_back(std::move(t));
  }

  // One triple per (subject, relation, object, negation) in a document: the first reading,
  // with the highest confidence seen.
  std::set<std::tuple<std::string, std::string, std::string, bool>> seen;
  for (ExtractedTriple& t : raw) {
    auto key = std::make_tuple(LowerAscii(t.subject.text), t.relation, LowerAscii(t.object.text),
                               t.qualifiers.negated);
    if (!seen.insert(key).second) continue;
    result.triples.push_back(std::move(t));
  }
  return result;
}

}  // namespace kg::ingest
