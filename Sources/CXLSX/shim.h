// libxlsxwriter (Debian libxlsxwriter-dev), reached only by LoanSimReport's workbook writer.
#include <xlsxwriter.h>
