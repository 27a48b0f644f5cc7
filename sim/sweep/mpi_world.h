#pragma once
// MpiWorld: the few MPI calls a sweep needs, and how to tell that chainsim
// was started by an MPI launcher.
//
// Built with MPI when CMake finds it (find_package(MPI); Debian's
// libopenmpi-dev); otherwise MpiBuiltIn() is false and constructing an
// MpiWorld throws SweepError saying so. Only the thread that constructed the
// world calls MPI (MPI_THREAD_FUNNELED); a sweep's worker threads never do.
// Thread safety: use from the constructing thread only.

#include <optional>
#include <string>

namespace chainsim::sim {

// Whether this chainsim was built with MPI.
bool MpiBuiltIn();

// The number of processes the MPI launcher started, from its environment
// (OMPI_COMM_WORLD_SIZE for Open MPI's mpirun, PMI_SIZE for MPICH and Slurm
// PMI); 1 when chainsim was not started by one.
int LaunchedWorldSize();

class MpiWorld {
 public:
  enum Tag : int { kRecord = 1, kDone = 2, kError = 3 };
  struct Message {
    int source = 0;
    int tag = 0;
    std::string text;
  };

  // MPI_Init_thread. Throws SweepError when built without MPI or when MPI
  // cannot start.
  MpiWorld();
  // MPI_Finalize.
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  // Collective: true when `ok` is true on every rank.
  bool AllOk(bool ok);
  // Collective: rank 0's `text`, on every rank.
  std::string Broadcast(const std::string& text);
  // Sends `text` to rank 0 (blocking until MPI has taken it).
  void SendToRoot(Tag tag, const std::string& text);
  // Rank 0: a message that has arrived from any rank, without waiting.
  std::optional<Message> Poll();
  // Ends every rank of the job with `code` (MPI_Abort).
  [[noreturn]] void Abort(int code);

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace chainsim::sim
