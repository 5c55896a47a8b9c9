// Open MPI for loansim-mpi. MPI's handles are macros over globals, which Swift cannot import: these
// getters hand them over.
#include <mpi.h>

static inline MPI_Comm loansim_mpi_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype loansim_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype loansim_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Status *loansim_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
