// Extraction front door: annotated sentences (ingest/nlp/annotation.h) in, entities and triples
// out. Everything here comes from general rules over the UD dependency tree and the entity spans;
// nothing depends on a particular article.
//
//   ExtractDocument(text, sentences)
//     1. entity_resolver: mentions (NER spans, or PROPN runs when there are none), titles from
//        name prefixes and appositions, one entity per real-world referent (surnames, honorifics,
//        acronyms, demonym forms, "the president", pronouns).
//     2. clause_extractor: per predicate, subjects (with control, raising, conjunction and
//        relative-clause inheritance), objects (direct, indirect, prepositional, clausal,
//        passive agents), qualifiers (negation, modality, hedging, time); nominal events;
//        copular facts; reported speech.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/nlp/annotation.h"

namespace kg::ingest {

enum class EntityLabel { kPerson, kOrganization, kLocation, kConcept };
std::string_view EntityLabelName(EntityLabel label);  // "Person", "Organization", ...

struct ExtractedEntity {
  EntityLabel label = EntityLabel::kConcept;
  std::string name;                  // fullest form seen ("Donald Trump")
  std::vector<std::string> aliases;  // other forms seen ("Trump", "Mr Trump"), no duplicates
  std::string title;                 // "US President", "" when none
  int first_sentence = 0;            // where it is first mentioned (0-based)
};

struct Qualifiers {
  bool negated = false;
  std::string modality;       // "would", "should", "may", ... or ""
  bool hedged = false;        // allegedly, reportedly, appeared to, likely to, openness to ...
  std::string time;           // "on Wednesday", "next week", or ""
  std::string attributed_to;  // the speaker, for triples read inside reported speech
};

struct Argument {
  std::string text;     // the entity's name, or the phrase (leading article dropped)
  std::string surface;  // the sentence's own words for this argument
  int entity = -1;      // index into Extraction::entities, -1 for a phrase (a Concept)
  bool unresolved = false;  // a pronoun with no antecedent: kept for CaRB, never stored
  // An indefinite description of a person by an office ("a top Russian official"): a first
  // mention of someone the article may name later.
  bool role_description = false;
};

enum class TripleKind {
  kRelation,  // subject relation object
  kTitle,     // entity "title" title
  kCopula,    // X "is" Y
  kSays,      // speaker "says"/"notes"/... quote or clause
  kMinor,     // weak readings (passives without agent, adjectival copulas): only in CaRB output
};

struct ExtractedTriple {
  Argument subject;
  std::string relation;          // "defends", "meets_with", "draws_criticism_from", "title"
  Argument object;
  std::vector<Argument> extra;   // further prepositional/time arguments (CaRB n-ary output)
  std::string relation_surface;  // the sentence's own words ("has defended", "would meet with")
  Qualifiers qualifiers;
  TripleKind kind = TripleKind::kRelation;
  // A fact read from a noun ("his visits to Moscow" -> visits): stored in the graph, but in
  // CaRB output ranked with the weak readings (its wording is the noun's, not a relation's).
  bool from_noun = false;
  double confidence = 0.5;
  int sentence = 0;        // 0-based index into the sentences
  uint32_t begin = 0;      // byte span of the evidence (the sentence) in the document text
  uint32_t end = 0;
};

struct Extraction {
  std::vector<ExtractedEntity> entities;
  std::vector<ExtractedTriple> triples;
};

// Extracts entities and triples from one document. `text` is the text the sentences' byte
// offsets refer to.
Extraction ExtractDocument(std::string_view text, const std::vector<Sentence>& sentences);

// The relation name for a verb lemma: third person present ("defend" -> "defends",
// "be" -> "is", "carry" -> "carries"), lower case.
std::string ThirdPerson(std::string_view lemma);

}  // namespace kg::ingest
