#include "sim/sweep/mpi_world.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "sim/sweep/sweep_error.h"

#if CHAINSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace chainsim::sim {
namespace {

int EnvironmentInt(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return 0;
  int parsed = 0;
  const char* end = value + std::strlen(value);
  const auto [stop, ec] = std::from_chars(value, end, parsed);
  return ec == std::errc() && stop == end && parsed > 0 && parsed < 1'000'000 ? parsed : 0;
}

}  // namespace

int LaunchedWorldSize() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    if (const int size = EnvironmentInt(name); size > 0) return size;
  }
  return 1;
}

#if CHAINSIM_HAVE_MPI

bool MpiBuiltIn() { return true; }

MpiWorld::MpiWorld() {
  int provided = 0;
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    throw SweepError("MPI: MPI_Init_thread failed");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiWorld::~MpiWorld() { MPI_Finalize(); }

// The methods below act on MPI_COMM_WORLD, not on members, but only a live
// MpiWorld guarantees that MPI is initialised: they stay non-static.
// NOLINTBEGIN(readability-convert-member-functions-to-static,readability-make-member-function-const)

bool MpiWorld::AllOk(bool ok) {
  int mine = ok ? 1 : 0;
  int all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
  return all != 0;
}

std::string MpiWorld::Broadcast(const std::string& text) {
  std::uint64_t length = text.size();
  MPI_Bcast(&length, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  std::string received = rank_ == 0 ? text : std::string(length, '\0');
  // Sent in pieces below 2^31 bytes (MPI counts are ints).
  for (std::uint64_t offset = 0; offset < length;) {
    const int piece = static_cast<int>(std::min<std::uint64_t>(length - offset, 1u << 30));
    MPI_Bcast(received.data() + offset, piece, MPI_CHAR, 0, MPI_COMM_WORLD);
    offset += static_cast<std::uint64_t>(piece);
  }
  return received;
}

void MpiWorld::SendToRoot(Tag tag, const std::string& text) {
  MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, 0, tag, MPI_COMM_WORLD);
}

std::optional<MpiWorld::Message> MpiWorld::Poll() {
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
  if (flag == 0) return std::nullopt;
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  Message message;
  message.source = status.MPI_SOURCE;
  message.tag = status.MPI_TAG;
  message.text.resize(static_cast<std::size_t>(count));
  MPI_Recv(message.text.data(), count, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return message;
}

void MpiWorld::Abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}
// NOLINTEND(readability-convert-member-functions-to-static,readability-make-member-function-const)

#else  // no MPI

bool MpiBuiltIn() { return false; }

MpiWorld::MpiWorld() {
  throw SweepError(
      "this chainsim was built without MPI, but it was started by an MPI launcher with " +
      std::to_string(LaunchedWorldSize()) +
      " processes (install libopenmpi-dev and rebuild, or split the sweep with --shard I/N)");
}
MpiWorld::~MpiWorld() = default;
bool MpiWorld::AllOk(bool ok) { return ok; }
std::string MpiWorld::Broadcast(const std::string& text) { return text; }
void MpiWorld::SendToRoot(Tag, const std::string&) {}
std::optional<MpiWorld::Message> MpiWorld::Poll() { return std::nullopt; }
void MpiWorld::Abort(int code) { std::exit(code); }

#endif

}  // namespace chainsim::sim
