#include "yaml_doc.hpp"

#include <istream>
#include <streambuf>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

namespace mestring::detail {

// yaml-cpp reads from a std::istream; this one reads the caller's bytes in
// place instead of copying them into a stringstream.
class ViewBuffer : public std::streambuf {
public:
  explicit ViewBuffer(std::string_view text) {
    char *p = const_cast<char *>(text.data()); // only ever read
    setg(p, p, p + text.size());
  }
};

// Appends one entry per parser event; a container's `end` is set when it closes.
class DocumentBuilder : public YAML::EventHandler {
public:
  explicit DocumentBuilder(Document &doc) : doc_(doc) {}

  void OnDocumentStart(const YAML::Mark &) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark &mark, YAML::anchor_t) override { leaf(Document::Kind::null, mark, {}); }
  void OnAlias(const YAML::Mark &mark, YAML::anchor_t) override { leaf(Document::Kind::alias, mark, {}); }
  void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t, const std::string &value) override {
    leaf(Document::Kind::scalar, mark, value);
  }
  void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open(Document::Kind::sequence, mark);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(Document::Kind::map, mark);
  }
  void OnMapEnd() override { close(); }

private:
  void leaf(Document::Kind kind, const YAML::Mark &mark, std::string_view text) {
    Document::Entry e;
    e.kind = kind;
    e.mark = mark;
    e.text = uint32_t(doc_.pool_.size());
    e.length = uint32_t(text.size());
    doc_.pool_.append(text);
    doc_.entries_.push_back(e);
    doc_.entries_.back().end = uint32_t(doc_.entries_.size());
  }
  void open(Document::Kind kind, const YAML::Mark &mark) {
    open_.push_back(uint32_t(doc_.entries_.size()));
    leaf(kind, mark, {});
  }
  void close() {
    doc_.entries_[open_.back()].end = uint32_t(doc_.entries_.size());
    open_.pop_back();
  }

  Document &doc_;
  std::vector<uint32_t> open_;
};

void Document::parse(std::string_view text) {
  entries_.clear();
  pool_.clear();
  ViewBuffer buffer(text);
  std::istream in(&buffer);
  YAML::Parser parser(in);
  DocumentBuilder builder(*this);
  parser.HandleNextDocument(builder);
  if (entries_.empty()) // no document at all: YAML::Load gives a null node
    entries_.push_back({Kind::null, 1, 0, 0, YAML::Mark::null_mark()});
}

DocNode Document::first_alias() const {
  for (uint32_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].kind == Kind::alias)
      return {this, i};
  return {};
}

bool DocNode::IsNull() const { return doc_ && doc_->entries_[index_].kind == Document::Kind::null; }
bool DocNode::IsScalar() const { return doc_ && doc_->entries_[index_].kind == Document::Kind::scalar; }
bool DocNode::IsSequence() const { return doc_ && doc_->entries_[index_].kind == Document::Kind::sequence; }
bool DocNode::IsMap() const { return doc_ && doc_->entries_[index_].kind == Document::Kind::map; }
bool DocNode::IsAlias() const { return doc_ && doc_->entries_[index_].kind == Document::Kind::alias; }

YAML::Mark DocNode::Mark() const { return doc_ ? doc_->entries_[index_].mark : YAML::Mark::null_mark(); }

std::string_view DocNode::text() const {
  if (!IsScalar())
    return {};
  const auto &e = doc_->entries_[index_];
  return std::string_view(doc_->pool_).substr(e.text, e.length);
}

std::string DocNode::Scalar() const { return std::string(text()); }

DocNode DocNode::operator[](std::string_view key) const {
  if (!IsMap())
    return {};
  for (auto it = begin(); it != end(); ++it) {
    const DocNode k = *it;
    ++it;
    if (k.IsScalar() && k.text() == key)
      return *it;
  }
  return {};
}

DocNode::iterator &DocNode::iterator::operator++() {
  index_ = doc_->entries_[index_].end;
  return *this;
}

DocNode::iterator DocNode::begin() const {
  if (!IsMap() && !IsSequence())
    return end();
  return {doc_, index_ + 1};
}

DocNode::iterator DocNode::end() const { return {doc_, doc_ ? doc_->entries_[index_].end : 0}; }

} // namespace mestring::detail
