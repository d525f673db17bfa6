#include "graph/csr_view.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace kg::graph {

namespace {

CsrView::Graph MakeGraph(uint32_t n, const std::vector<std::pair<uint32_t, uint32_t>>& edges,
                         const std::vector<uint32_t>& props) {
  bool sorted = std::is_sorted(edges.begin(), edges.end(), [](const auto& a, const auto& b) {
    return a.first < b.first;
  });
  if (sorted) {
    return CsrView::Graph(boost::edges_are_sorted, edges.begin(), edges.end(), props.begin(), n);
  }
  return CsrView::Graph(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
                        props.begin(), n);
}

}  // namespace

std::string CsrFilter::Key() const {
  std::string k = "L";
  for (const auto& l : labels) k += ":" + l;
  k += "|T";
  for (const auto& t : types) k += ":" + t;
  k += "|N";
  for (NodeId id : nodes) k += "," + std::to_string(id);
  return k;
}

CsrView::Vertex CsrView::vertex(NodeId id) const {
  if (dense_ids_) {
    return id >= dense_base_ && id - dense_base_ < node_ids_.size()
               ? static_cast<Vertex>(id - dense_base_)
               : kNone;
  }
  auto it = std::lower_bound(node_ids_.begin(), node_ids_.end(), id);
  if (it == node_ids_.end() || *it != id) return kNone;
  return static_cast<Vertex>(it - node_ids_.begin());
}

uint32_t CsrView::edge_slot(EdgeId id) const {
  auto it = std::lower_bound(edge_ids_.begin(), edge_ids_.end(), id);
  if (it == edge_ids_.end() || *it != id) return kNone;
  return static_cast<uint32_t>(it - edge_ids_.begin());
}

void CsrView::SetDense() {
  // Ascending distinct ids are one run base, base+1, ... exactly when first and last say so.
  dense_base_ = node_ids_.empty() ? 0 : node_ids_.front();
  dense_ids_ = node_ids_.empty() || node_ids_.back() - dense_base_ + 1 == node_ids_.size();
}

void CsrView::Finish(uint32_t n) {
  SetDense();
  const size_t m = edge_ids_.size();
  std::vector<std::pair<uint32_t, uint32_t>> pairs(m);
  std::vector<uint32_t> props(m);
  for (size_t i = 0; i < m; ++i) {
    pairs[i] = {edge_src_[i], edge_dst_[i]};
    props[i] = static_cast<uint32_t>(i);
  }
  out_ = MakeGraph(n, pairs, props);
  for (auto& p : pairs) std::swap(p.first, p.second);
  in_ = MakeGraph(n, pairs, props);
}

const CsrView::Graph& CsrView::both() const {
  // Built on first use: twice the edges, and only undirected algorithms want it.
  std::call_once(both_once_, [this] {
    const size_t m = edge_ids_.size();
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    std::vector<uint32_t> props;
    pairs.reserve(2 * m);
    props.reserve(2 * m);
    // Every edge reversed, then the stored ones except the second copy of each self-loop.
    for (size_t i = 0; i < m; ++i) {
      pairs.emplace_back(edge_dst_[i], edge_src_[i]);
      props.push_back(static_cast<uint32_t>(i));
    }
    for (size_t i = 0; i < m; ++i) {
      if (edge_src_[i] == edge_dst_[i]) continue;
      pairs.emplace_back(edge_src_[i], edge_dst_[i]);
      props.push_back(static_cast<uint32_t>(i));
    }
    both_ = MakeGraph(num_vertices(), pairs, props);
  });
  return both_;
}

Result<std::shared_ptr<const CsrView>> CsrView::Build(const GraphReader& graph,
                                                      const CsrFilter& filter) {
  auto view = std::make_shared<CsrView>();
  if (filter.labels.empty()) {
    KG_RETURN_IF_ERROR(graph.ScanNodes([&](NodeId id) {
      view->node_ids_.push_back(id);
      return true;
    }));
  } else {
    for (const auto& l : filter.labels) {
      KG_RETURN_IF_ERROR(graph.ScanNodesByLabel(l, [&](NodeId id) {
        view->node_ids_.push_back(id);
        return true;
      }));
    }
    std::sort(view->node_ids_.begin(), view->node_ids_.end());
    view->node_ids_.erase(std::unique(view->node_ids_.begin(), view->node_ids_.end()),
                          view->node_ids_.end());
  }
  if (!filter.nodes.empty()) {
    std::vector<NodeId> keep = filter.nodes;
    std::sort(keep.begin(), keep.end());
    std::vector<NodeId> both;
    std::set_intersection(view->node_ids_.begin(), view->node_ids_.end(), keep.begin(), keep.end(),
                          std::back_inserter(both));
    view->node_ids_ = std::move(both);
  }
  if (view->node_ids_.size() >= kNone) {
    return Status::InvalidArgument("graph too large for a CSR view (over 4 billion nodes)");
  }
  const uint32_t n = static_cast<uint32_t>(view->node_ids_.size());
  view->SetDense();
  // Relationship ends only, no property decoding. A type's name is the same string object for
  // the whole scan, so the type index is looked up by its address.
  std::unordered_map<const char*, uint16_t> type_by_address;
  std::vector<bool> type_allowed;
  Status too_many;
  if (auto counts = graph.Counts(); counts.ok()) {
    view->edge_ids_.reserve(counts->edges);
    view->edge_src_.reserve(counts->edges);
    view->edge_dst_.reserve(counts->edges);
    view->edge_type_.reserve(counts->edges);
  }
  KG_RETURN_IF_ERROR(graph.ScanAdjacency([&](NodeId source, const AdjEntry& e) {
    auto [it, added] = type_by_address.try_emplace(e.type.data(), 0);
    if (added) {
      auto known = std::find(view->types_.begin(), view->types_.end(), e.type);
      if (known != view->types_.end()) {
        it->second = static_cast<uint16_t>(known - view->types_.begin());
      } else if (view->types_.size() == UINT16_MAX) {
        too_many = Status::InvalidArgument("too many relationship types for a CSR view");
        return false;
      } else {
        it->second = static_cast<uint16_t>(view->types_.size());
        view->types_.emplace_back(e.type);
        type_allowed.push_back(filter.types.empty() ||
                               std::find(filter.types.begin(), filter.types.end(), e.type) !=
                                   filter.types.end());
      }
    }
    if (!type_allowed[it->second]) return true;
    Vertex s = view->vertex(source);
    Vertex t = view->vertex(e.neighbor);
    if (s == kNone || t == kNone) return true;
    view->edge_ids_.push_back(e.edge);
    view->edge_src_.push_back(s);
    view->edge_dst_.push_back(t);
    view->edge_type_.push_back(it->second);
    return true;
  }));
  KG_RETURN_IF_ERROR(too_many);
  if (view->types_.size() > UINT16_MAX) {
    return Status::InvalidArgument("too many relationship types for a CSR view");
  }
  view->Finish(n);
  return std::shared_ptr<const CsrView>(std::move(view));
}

std::shared_ptr<const CsrView> CsrView::FromEdges(
    uint32_t num_nodes, const std::vector<std::pair<uint32_t, uint32_t>>& edges,
    const std::string& type) {
  auto view = std::make_shared<CsrView>();
  for (uint32_t i = 0; i < num_nodes; ++i) view->node_ids_.push_back(i);
  view->types_.push_back(type);
  for (size_t i = 0; i < edges.size(); ++i) {
    view->edge_ids_.push_back(i);
    view->edge_src_.push_back(edges[i].first);
    view->edge_dst_.push_back(edges[i].second);
    view->edge_type_.push_back(0);
  }
  view->Finish(num_nodes);
  return view;
}

Result<std::vector<double>> CsrView::EdgeWeights(const GraphReader& graph, const std::string& key,
                                                 double default_weight) const {
  std::vector<double> w(edge_ids_.size(), default_weight);
  Status bad;
  KG_RETURN_IF_ERROR(graph.ScanEdges([&](const EdgeRecord& e) {
    uint32_t slot = edge_slot(e.id);
    if (slot == kNone) return true;
    auto it = e.properties.find(key);
    if (it == e.properties.end()) return true;
    double v;
    if (it->second.is_int()) {
      v = static_cast<double>(it->second.as_int());
    } else if (it->second.is_double()) {
      v = it->second.as_double();
    } else {
      return true;
    }
    if (v < 0) {
      bad = Status::InvalidArgument("negative weight " + std::to_string(v) + " in property '" +
                                    key + "' of relationship " + std::to_string(e.id));
      return false;
    }
    w[slot] = v;
    return true;
  }));
  KG_RETURN_IF_ERROR(bad);
  return w;
}

CsrViewCache& CsrViewCache::Global() {
  static CsrViewCache* cache = new CsrViewCache();
  return *cache;
}

void CsrViewCache::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
}

Result<std::shared_ptr<const CsrView>> CsrViewCache::Get(const GraphReader& graph,
                                                         const CsrFilter& filter) {
  const auto* store = dynamic_cast<const GraphStore*>(&graph);
  if (store == nullptr) return CsrView::Build(graph, filter);
  // The generation alone cannot tell two stores that lived at the same address apart; the path
  // and the counts make such a mix-up practically impossible.
  auto counts = graph.Counts();
  if (!counts.ok()) return counts.status();
  std::string key = filter.Key() + "|" + store->Path() + "|" + std::to_string(counts->nodes) +
                    "|" + std::to_string(counts->edges);
  const uint64_t gen = store->Generation();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& e : entries_) {
      if (e.graph == &graph && e.generation == gen && e.key == key) return e.view;
    }
  }
  auto view = CsrView::Build(graph, filter);
  if (!view.ok()) return view.status();
  std::lock_guard<std::mutex> lock(mu_);
  entries_.erase(std::remove_if(entries_.begin(), entries_.end(),
                                [&](const Entry& e) {
                                  return e.graph == &graph && (e.generation != gen || e.key == key);
                                }),
                 entries_.end());
  entries_.push_back({&graph, gen, key, *view});
  if (entries_.size() > 4) entries_.erase(entries_.begin());
  return *view;
}

}  // namespace kg::graph
