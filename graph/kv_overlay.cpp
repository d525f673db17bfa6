#include "graph/kv.h"

namespace kg::graph {
namespace {

// Merges the pending writes (which win on equal keys, and hide deleted keys) with the base.
class OverlayIterator : public KvIterator {
 public:
  OverlayIterator(std::unique_ptr<KvIterator> base, const PendingWrites* pending)
      : base_(std::move(base)), pending_(pending), pit_(pending->end()) {}

  void Seek(std::string_view target) override {
    base_->Seek(target);
    pit_ = pending_->lower_bound(target);
    Settle();
  }
  bool Valid() const override { return current_ != kNone; }
  void Next() override {
    if (current_ == kPending) {
      if (base_->Valid() && base_->key() == pit_->first) base_->Next();
      ++pit_;
    } else if (current_ == kBase) {
      base_->Next();
    }
    Settle();
  }
  std::string_view key() const override {
    return current_ == kPending ? std::string_view(pit_->first) : base_->key();
  }
  std::string_view value() const override {
    return current_ == kPending ? std::string_view(*pit_->second) : base_->value();
  }
  Status status() const override { return base_->status(); }

 private:
  enum Source { kNone, kBase, kPending };

  // Positions on the smallest live key of the two sources.
  void Settle() {
    for (;;) {
      bool base_ok = base_->Valid();
      bool pend_ok = pit_ != pending_->end();
      if (!base_ok && !pend_ok) {
        current_ = kNone;
        return;
      }
      if (pend_ok && (!base_ok || std::string_view(pit_->first) <= base_->key())) {
        if (pit_->second) {
          current_ = kPending;
          return;
        }
        // A delete: hide the base key too.
        if (base_ok && base_->key() == pit_->first) base_->Next();
        ++pit_;
        continue;
      }
      current_ = kBase;
      return;
    }
  }

  std::unique_ptr<KvIterator> base_;
  const PendingWrites* pending_;
  PendingWrites::const_iterator pit_;
  Source current_ = kNone;
};

}  // namespace

Status KvOverlay::Get(Cf cf, std::string_view key, std::string* value) const {
  const PendingWrites& p = pending_[static_cast<int>(cf)];
  auto it = p.find(key);
  if (it != p.end()) {
    if (!it->second) return Status::NotFound("key");
    *value = *it->second;
    return Status::OK();
  }
  return base_->Get(cf, key, value);
}

std::unique_ptr<KvIterator> KvOverlay::NewIterator(Cf cf) const {
  const PendingWrites& p = pending_[static_cast<int>(cf)];
  if (p.empty()) return base_->NewIterator(cf);
  return std::make_unique<OverlayIterator>(base_->NewIterator(cf), &p);
}

bool KvOverlay::empty() const {
  for (const auto& p : pending_) {
    if (!p.empty()) return false;
  }
  return true;
}

void KvOverlay::Clear() {
  for (auto& p : pending_) p.clear();
}

}  // namespace kg::graph
