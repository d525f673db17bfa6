#include "query/procedures.h"

#include "query/procedures_algo.h"

namespace kg::query {

namespace {

Status EmitStrings(const std::vector<std::string>& names,
                   const std::function<void(std::vector<Value>)>& emit) {
  for (const auto& n : names) {
    emit({Value(n)});
  }
  return Status::OK();
}

void RegisterBuiltins(ProcedureRegistry* r) {
  r->Register({"db.labels", {}, {{"label", "STRING"}}, "Every node label in the graph",
               [](const graph::GraphReader& g, const std::vector<Value>&,
                  const std::function<void(std::vector<Value>)>& emit) {
                 return EmitStrings(g.Labels(), emit);
               }});
  r->Register({"db.relationshipTypes", {}, {{"relationshipType", "STRING"}},
               "Every relationship type in the graph",
               [](const graph::GraphReader& g, const std::vector<Value>&,
                  const std::function<void(std::vector<Value>)>& emit) {
                 return EmitStrings(g.RelationshipTypes(), emit);
               }});
  r->Register({"db.propertyKeys", {}, {{"propertyKey", "STRING"}},
               "Every property key in the graph",
               [](const graph::GraphReader& g, const std::vector<Value>&,
                  const std::function<void(std::vector<Value>)>& emit) {
                 return EmitStrings(g.PropertyKeys(), emit);
               }});
  r->Register({"db.stats",
               {},
               {{"nodes", "INTEGER"}, {"relationships", "INTEGER"}},
               "Node and relationship counts",
               [](const graph::GraphReader& g, const std::vector<Value>&,
                  const std::function<void(std::vector<Value>)>& emit) -> Status {
                 auto counts = g.Counts();
                 if (!counts.ok()) {
                   return counts.status();
                 }
                 emit({Value(static_cast<int64_t>(counts->nodes)),
                       Value(static_cast<int64_t>(counts->edges))});
                 return Status::OK();
               }});
}

}  // namespace

ProcedureRegistry& ProcedureRegistry::Global() {
  static ProcedureRegistry* registry = [] {
    auto* r = new ProcedureRegistry();
    RegisterBuiltins(r);
    RegisterAlgorithmProcedures(r);
    return r;
  }();
  return *registry;
}

void ProcedureRegistry::Register(Procedure p) {
  for (auto& existing : procedures_) {
    if (existing.name == p.name) {
      existing = std::move(p);
      return;
    }
  }
  procedures_.push_back(std::move(p));
}

const Procedure* ProcedureRegistry::Find(const std::string& name) const {
  for (const auto& p : procedures_) {
    if (p.name == name) {
      return &p;
    }
  }
  return nullptr;
}

std::vector<std::string> ProcedureRegistry::Names() const {
  std::vector<std::string> out;
  for (const auto& p : procedures_) {
    out.push_back(p.name);
  }
  return out;
}

}  // namespace kg::query
