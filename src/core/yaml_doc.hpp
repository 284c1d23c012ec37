#pragma once
// A small read-only YAML document built straight from yaml-cpp's parser
// events, for the case loader. yaml-cpp's own node tree costs a heap node,
// a shared pointer and a map per value; here one file is one array of
// entries and one string of scalar text, freed when the file is done.
// DocNode answers the few YAML::Node calls the loader makes, with the same
// marks, so every finding keeps its line and column. Internal to src/core.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include <yaml-cpp/mark.h>

namespace mestring::detail {

class Document;

// A handle on one value of a Document; cheap to copy. An invalid handle
// (a missing key) answers false to every Is…() and has a null mark.
class DocNode {
public:
  DocNode() = default;
  DocNode(const Document *doc, uint32_t index) : doc_(doc), index_(index) {}

  bool IsNull() const;
  bool IsScalar() const;
  bool IsSequence() const;
  bool IsMap() const;
  bool IsAlias() const; // *name: refused by the loader, never resolved
  YAML::Mark Mark() const;
  // The scalar's text; "" for anything else.
  std::string Scalar() const;
  std::string_view text() const;
  // The value of the first key of a mapping spelled `key`; invalid if none.
  DocNode operator[](std::string_view key) const;
  bool operator!() const { return doc_ == nullptr; }

  // Iterates the items of a sequence, or the keys and values of a mapping
  // one after the other (key, value, key, value, …).
  class iterator {
  public:
    iterator(const Document *doc, uint32_t index) : doc_(doc), index_(index) {}
    DocNode operator*() const { return {doc_, index_}; }
    iterator &operator++();
    bool operator!=(const iterator &o) const { return index_ != o.index_; }

  private:
    const Document *doc_;
    uint32_t index_;
  };
  iterator begin() const;
  iterator end() const;

private:
  const Document *doc_ = nullptr;
  uint32_t index_ = 0;
};

class Document {
public:
  // Parses the first document of `text`, as YAML::Load does; an input with
  // no document gives a null root with a null mark. Throws
  // YAML::ParserException with yaml-cpp's message and mark on a syntax error.
  void parse(std::string_view text);
  DocNode root() const { return {this, 0}; }
  // The first alias (*name) in the document, or an invalid handle.
  DocNode first_alias() const;

private:
  friend class DocNode;
  friend class DocumentBuilder;
  enum class Kind : uint8_t { null, scalar, sequence, map, alias };
  struct Entry {
    Kind kind = Kind::null;
    uint32_t end = 0;  // one past the last entry of this value's subtree
    uint32_t text = 0; // scalar text: offset and length in pool_
    uint32_t length = 0;
    YAML::Mark mark = YAML::Mark::null_mark();
  };
  std::vector<Entry> entries_; // in document order, each container before its children
  std::string pool_;
};

} // namespace mestring::detail
