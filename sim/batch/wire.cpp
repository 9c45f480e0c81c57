// RunData to bytes and back (see wire.hpp).
#include "batch/wire.hpp"

#include <bit>
#include <cstring>
#include <limits>
#include <type_traits>

namespace welfare::batch {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the wire format is written for little-endian machines");

// What a message starts with: a format tag, so that a message of another kind fails at once.
constexpr std::uint64_t kMagic = 0x31'6E'75'52'66'6C'65'57ULL;  // "WelfRun1"

class Writer {
 public:
  void u64(std::uint64_t v) { raw(&v, sizeof v); }
  void text(const std::string& s) {
    u64(s.size());
    raw(s.data(), s.size());
  }
  template <typename T>
  void array(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    u64(v.size());
    raw(v.data(), v.size() * sizeof(T));
  }
  void texts(const std::vector<std::string>& v) {
    u64(v.size());
    for (const auto& s : v)
      text(s);
  }
  std::vector<std::byte> take() { return std::move(bytes_); }

 private:
  void raw(const void* data, std::size_t n) {
    const auto* p = static_cast<const std::byte*>(data);
    bytes_.insert(bytes_.end(), p, p + n);
  }
  std::vector<std::byte> bytes_;
};

class Reader {
 public:
  explicit Reader(const std::vector<std::byte>& bytes) : bytes_(bytes) {}
  std::uint64_t u64() {
    std::uint64_t v = 0;
    raw(&v, sizeof v);
    return v;
  }
  // A field the run keeps in 32 bits: encode() never writes more.
  std::uint32_t u32() {
    const std::uint64_t v = u64();
    if (v > std::numeric_limits<std::uint32_t>::max()) {
      throw WireError("run message garbled: a 32-bit field holds " + std::to_string(v));
    }
    return static_cast<std::uint32_t>(v);
  }
  std::string text() {
    const std::size_t n = count(1);
    std::string s(n, '\0');
    raw(s.data(), n);
    return s;
  }
  template <typename T>
  std::vector<T> array() {
    const std::size_t n = count(sizeof(T));
    std::vector<T> v(n);
    raw(v.data(), n * sizeof(T));
    return v;
  }
  std::vector<std::string> texts() {
    // Each string takes at least its 8-byte length.
    const std::size_t n = count(sizeof(std::uint64_t));
    std::vector<std::string> v;
    v.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
      v.push_back(text());
    return v;
  }
  bool at_end() const { return position_ == bytes_.size(); }

 private:
  // A count of items of `item_size` bytes each, checked against the bytes left.
  std::size_t count(std::size_t item_size) {
    const std::uint64_t n = u64();
    if (n > (bytes_.size() - position_) / item_size) {
      throw WireError("run message truncated: a list of " + std::to_string(n) +
                      " items does not fit in the bytes left");
    }
    return static_cast<std::size_t>(n);
  }
  void raw(void* out, std::size_t n) {
    if (n > bytes_.size() - position_) throw WireError("run message truncated");
    if (n > 0) std::memcpy(out, bytes_.data() + position_, n);
    position_ += n;
  }
  const std::vector<std::byte>& bytes_;
  std::size_t position_ = 0;
};

}  // namespace

std::vector<std::byte> encode(const store::RunData& run) {
  Writer w;
  w.u64(kMagic);
  const store::RunMetadata& m = run.meta;
  w.text(m.scenario_name);
  w.text(m.scenario_yaml);
  w.text(m.territory_name);
  w.u64(m.seed);
  w.u64(m.replicate);
  w.u64(m.weeks);
  w.text(m.software_version);
  w.text(m.created_utc);
  w.text(m.experiment);
  w.u64(m.point);
  w.array(run.weeks);
  w.texts(run.zones.ids);
  w.texts(run.zones.names);
  w.texts(run.zones.districts);
  w.u64(run.indicators.size());
  for (const auto& i : run.indicators) {
    w.text(i.name);
    w.text(i.units);
    w.text(i.description);
    w.array(i.values);
  }
  return w.take();
}

store::RunData decode(const std::vector<std::byte>& bytes) {
  Reader r(bytes);
  if (r.u64() != kMagic) throw WireError("not a run message");
  store::RunData run;
  store::RunMetadata& m = run.meta;
  m.scenario_name = r.text();
  m.scenario_yaml = r.text();
  m.territory_name = r.text();
  m.seed = r.u64();
  m.replicate = r.u32();
  m.weeks = r.u32();
  m.software_version = r.text();
  m.created_utc = r.text();
  m.experiment = r.text();
  m.point = r.u32();
  run.weeks = r.array<std::int32_t>();
  run.zones.ids = r.texts();
  run.zones.names = r.texts();
  run.zones.districts = r.texts();
  // Each indicator takes at least its four lengths.
  constexpr std::uint64_t kMinIndicatorBytes = 4 * sizeof(std::uint64_t);
  const std::uint64_t indicators = r.u64();
  if (indicators > bytes.size() / kMinIndicatorBytes) throw WireError("run message truncated");
  for (std::uint64_t k = 0; k < indicators; ++k) {
    store::Indicator i;
    i.name = r.text();
    i.units = r.text();
    i.description = r.text();
    i.values = r.array<float>();
    run.indicators.push_back(std::move(i));
  }
  if (!r.at_end()) throw WireError("run message has trailing bytes");
  return run;
}

}  // namespace welfare::batch
