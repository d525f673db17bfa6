#include "graph/csr_view.h"

#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/transform_iterator.hpp>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "common/logging.h"
#include "common/parallel.h"

namespace kg::graph {

namespace {

// The pairs (from[i], to[i]) made on the fly, so that building a CSR graph needs no copy of
// its edge list (12 bytes per edge and direction at 10M edges is 240 MB of peak memory).
struct PairAt {
  const uint32_t* from = nullptr;
  const uint32_t* to = nullptr;
  std::pair<uint32_t, uint32_t> operator()(size_t i) const { return {from[i], to[i]}; }
};

CsrView::Graph MakeGraph(uint32_t n, const std::vector<uint32_t>& from,
                         const std::vector<uint32_t>& to) {
  auto begin = boost::make_transform_iterator(boost::counting_iterator<size_t>(0),
                                              PairAt{from.data(), to.data()});
  auto end = begin + static_cast<std::ptrdiff_t>(from.size());
  boost::counting_iterator<uint32_t> props(0);  // edge bundle: the edge's slot
  if (std::is_sorted(from.begin(), from.end())) {
    return CsrView::Graph(boost::edges_are_sorted, begin, end, props, n);
  }
  return CsrView::Graph(boost::edges_are_unsorted_multi_pass, begin, end, props, n);
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
  if (dense_edges_) {
    return id >= edge_base_ && id - edge_base_ < edge_src_.size()
               ? static_cast<uint32_t>(id - edge_base_)
               : kNone;
  }
  auto it = std::lower_bound(edge_ids_.begin(), edge_ids_.end(), id);
  if (it == edge_ids_.end() || *it != id) return kNone;
  return static_cast<uint32_t>(it - edge_ids_.begin());
}

void CsrView::SetDense() {
  // Ascending distinct ids are one run base, base+1, ... exactly when first and last say so.
  dense_base_ = node_ids_.empty() ? 0 : node_ids_.front();
  dense_ids_ = node_ids_.empty() || node_ids_.back() - dense_base_ + 1 == node_ids_.size();
}

void CsrView::Finish(uint32_t n, bool parallel) {
  SetDense();
  // Relationship ids base, base+1, ... (every bulk-loaded graph) are not kept: the slot says it.
  dense_edges_ = edge_ids_.empty() || edge_ids_.back() - edge_ids_.front() + 1 == edge_ids_.size();
  if (dense_edges_) {
    edge_base_ = edge_ids_.empty() ? 0 : edge_ids_.front();
    std::vector<EdgeId>().swap(edge_ids_);
  }
  // The two directions are independent.
  auto build = [&](bool reverse) {
    (reverse ? in_ : out_) =
        reverse ? MakeGraph(n, edge_dst_, edge_src_) : MakeGraph(n, edge_src_, edge_dst_);
  };
  RunParallel(parallel ? 2 : 1, [&](size_t i) {
    build(i == 1);
    if (!parallel) build(true);
  });
}

const CsrView::Graph& CsrView::both() const {
  // Built on first use: twice the edges, and only undirected algorithms want it.
  std::call_once(both_once_, [this] {
    const size_t m = edge_src_.size();
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
    both_ = Graph(boost::edges_are_unsorted_multi_pass, pairs.begin(), pairs.end(), props.begin(),
                  num_vertices());
  });
  return both_;
}

namespace {

// The relationships of one id range, filtered by type. When the view's vertices are known
// before the scan (dense node ids), ends are mapped to vertices as they are read; otherwise the
// store ids are kept in raw_src/raw_dst and mapped once the node ids are read.
struct EdgePart {
  EdgeId first = 0, end = 0;  // end 0: no upper end
  std::vector<EdgeId> ids;
  std::vector<CsrView::Vertex> src, dst;
  std::vector<NodeId> raw_src, raw_dst;
  std::vector<uint32_t> type;           // index into type_names
  std::vector<std::string> type_names;  // this part's types, first seen first
  Status status;
};

Status ReadPart(const GraphReader& graph, const CsrFilter& filter, const CsrView* vertices,
                EdgePart* part) {
  // A type's name is the same string object for the whole scan, so a type is looked up by its
  // address; -1 marks a type the filter leaves out.
  std::unordered_map<const char*, int64_t> local;
  return graph.ScanAdjacencyRange(part->first, part->end, [&](NodeId source, const AdjEntry& e) {
    auto [it, added] = local.try_emplace(e.type.data(), -1);
    if (added && (filter.types.empty() || std::find(filter.types.begin(), filter.types.end(),
                                                    e.type) != filter.types.end())) {
      it->second = static_cast<int64_t>(part->type_names.size());
      part->type_names.emplace_back(e.type);
    }
    if (it->second < 0) return true;
    if (vertices != nullptr) {
      CsrView::Vertex s = vertices->vertex(source), t = vertices->vertex(e.neighbor);
      if (s == CsrView::kNone || t == CsrView::kNone) return true;
      part->src.push_back(s);
      part->dst.push_back(t);
    } else {
      part->raw_src.push_back(source);
      part->raw_dst.push_back(e.neighbor);
    }
    part->ids.push_back(e.edge);
    part->type.push_back(static_cast<uint32_t>(it->second));
    return true;
  });
}

}  // namespace

Result<std::shared_ptr<const CsrView>> CsrView::Build(const GraphReader& graph,
                                                      const CsrFilter& filter,
                                                      uint64_t parallel_from) {
  auto view = std::make_shared<CsrView>();
  const auto t0 = std::chrono::steady_clock::now();
  uint64_t node_count = 0, edge_count = 0;
  if (auto counts = graph.Counts(); counts.ok()) {
    node_count = counts->nodes;
    edge_count = counts->edges;
  }
  // Every node, with ids first .. first+N-1 (what a bulk load makes): the vertices are known
  // without reading the nodes, as N distinct ids below the store's next id starting at the
  // first one can only be those.
  bool vertices_known = false;
  if (filter.labels.empty() && filter.nodes.empty() && node_count > 0 &&
      node_count < kNone) {
    NodeId first = 0;
    bool any = false;
    KG_RETURN_IF_ERROR(graph.ScanNodes([&](NodeId id) {
      first = id;
      any = true;
      return false;
    }));
    const NodeId limit = graph.NodeIdLimit();
    if (any && limit > first && limit - first == node_count) {
      view->node_ids_.resize(node_count);
      std::iota(view->node_ids_.begin(), view->node_ids_.end(), first);
      view->SetDense();
      vertices_known = true;
    }
  }
  // The relationships are read in id ranges on several threads; unless the vertices are known,
  // the first thread reads the node ids first, so its range is smaller by about as many entries
  // as there are nodes.
  const EdgeId limit = graph.EdgeIdLimit();
  const size_t threads = limit > 1 ? ThreadsFor(edge_count, parallel_from) : 1;
  std::vector<EdgePart> parts(threads);
  if (threads > 1) {
    const double nodes_read = vertices_known ? 0.0 : static_cast<double>(node_count);
    const double total = static_cast<double>(edge_count) + nodes_read;
    const double share = total / static_cast<double>(threads);
    const double first_share = std::max(0.0, share - nodes_read);
    const double per_entry = static_cast<double>(limit) / std::max(1.0, double(edge_count));
    for (size_t i = 1; i < threads; ++i) {
      double entries = first_share + share * static_cast<double>(i - 1);
      parts[i].first = std::clamp<EdgeId>(static_cast<EdgeId>(entries * per_entry), 1, limit);
      parts[i - 1].end = parts[i].first;
    }
  }
  for (auto& p : parts) {
    const size_t expect = edge_count / threads + 16;
    p.ids.reserve(expect);
    p.type.reserve(expect);
    if (vertices_known) {
      p.src.reserve(expect);
      p.dst.reserve(expect);
    } else {
      p.raw_src.reserve(expect);
      p.raw_dst.reserve(expect);
    }
  }
  Status nodes_status;
  RunParallel(threads, [&](size_t i) {
    if (i == 0 && !vertices_known) nodes_status = view->ReadNodes(graph, filter);
    parts[i].status = ReadPart(graph, filter, vertices_known ? view.get() : nullptr, &parts[i]);
  });
  KG_RETURN_IF_ERROR(nodes_status);
  for (const auto& p : parts) KG_RETURN_IF_ERROR(p.status);
  const auto t1 = std::chrono::steady_clock::now();

  // One type list for the view, in the order the types first appear by relationship id.
  std::vector<std::vector<uint16_t>> type_map(threads);
  for (size_t i = 0; i < threads; ++i) {
    for (const auto& name : parts[i].type_names) {
      auto known = std::find(view->types_.begin(), view->types_.end(), name);
      if (known == view->types_.end()) {
        if (view->types_.size() == UINT16_MAX) {
          return Status::InvalidArgument("too many relationship types for a CSR view");
        }
        view->types_.push_back(name);
        known = view->types_.end() - 1;
      }
      type_map[i].push_back(static_cast<uint16_t>(known - view->types_.begin()));
    }
  }
  // Store ids to vertices (dropping relationships with an end outside the view) where the scan
  // could not, and part types to view types.
  RunParallel(threads, [&](size_t i) {
    EdgePart& p = parts[i];
    if (!vertices_known) {
      size_t kept = 0;
      p.src.reserve(p.raw_src.size());
      p.dst.reserve(p.raw_src.size());
      for (size_t j = 0; j < p.raw_src.size(); ++j) {
        Vertex s = view->vertex(p.raw_src[j]);
        Vertex t = view->vertex(p.raw_dst[j]);
        if (s == kNone || t == kNone) continue;
        p.ids[kept] = p.ids[j];
        p.type[kept] = p.type[j];
        p.src.push_back(s);
        p.dst.push_back(t);
        ++kept;
      }
      p.ids.resize(kept);
      p.type.resize(kept);
      std::vector<NodeId>().swap(p.raw_src);
      std::vector<NodeId>().swap(p.raw_dst);
    }
    for (auto& t : p.type) t = type_map[i][t];
  });
  if (threads == 1) {
    view->edge_ids_ = std::move(parts[0].ids);
    view->edge_src_ = std::move(parts[0].src);
    view->edge_dst_ = std::move(parts[0].dst);
    view->edge_type_.assign(parts[0].type.begin(), parts[0].type.end());
  } else {
    size_t m = 0;
    for (const auto& p : parts) m += p.ids.size();
    view->edge_ids_.reserve(m);
    view->edge_src_.reserve(m);
    view->edge_dst_.reserve(m);
    view->edge_type_.reserve(m);
    for (auto& p : parts) {
      view->edge_ids_.insert(view->edge_ids_.end(), p.ids.begin(), p.ids.end());
      view->edge_src_.insert(view->edge_src_.end(), p.src.begin(), p.src.end());
      view->edge_dst_.insert(view->edge_dst_.end(), p.dst.begin(), p.dst.end());
      view->edge_type_.insert(view->edge_type_.end(), p.type.begin(), p.type.end());
      p = EdgePart();
    }
  }
  parts.clear();
  const auto t2 = std::chrono::steady_clock::now();
  view->Finish(static_cast<uint32_t>(view->node_ids_.size()), threads > 1);
  const auto t3 = std::chrono::steady_clock::now();
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  Logger().debug("CSR view: {} nodes{}, {} relationships, {} thread(s): read {:.1f} ms, ids {:.1f} ms, "
                 "graphs {:.1f} ms",
                 view->node_ids_.size(), vertices_known ? " (dense ids, not read)" : "",
                 view->num_edges(), threads, ms(t0, t1), ms(t1, t2), ms(t2, t3));
  return std::shared_ptr<const CsrView>(std::move(view));
}

Status CsrView::ReadNodes(const GraphReader& graph, const CsrFilter& filter) {
  if (filter.labels.empty()) {
    KG_RETURN_IF_ERROR(graph.ScanNodes([&](NodeId id) {
      node_ids_.push_back(id);
      return true;
    }));
  } else {
    for (const auto& l : filter.labels) {
      KG_RETURN_IF_ERROR(graph.ScanNodesByLabel(l, [&](NodeId id) {
        node_ids_.push_back(id);
        return true;
      }));
    }
    std::sort(node_ids_.begin(), node_ids_.end());
    node_ids_.erase(std::unique(node_ids_.begin(), node_ids_.end()), node_ids_.end());
  }
  if (!filter.nodes.empty()) {
    std::vector<NodeId> keep = filter.nodes;
    std::sort(keep.begin(), keep.end());
    std::vector<NodeId> both;
    std::set_intersection(node_ids_.begin(), node_ids_.end(), keep.begin(), keep.end(),
                          std::back_inserter(both));
    node_ids_ = std::move(both);
  }
  if (node_ids_.size() >= kNone) {
    return Status::InvalidArgument("graph too large for a CSR view (over 4 billion nodes)");
  }
  SetDense();
  return Status::OK();
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
  view->Finish(num_nodes, false);
  return view;
}

Result<std::vector<double>> CsrView::EdgeWeights(const GraphReader& graph, const std::string& key,
                                                 double default_weight) const {
  std::vector<double> w(num_edges(), default_weight);
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
