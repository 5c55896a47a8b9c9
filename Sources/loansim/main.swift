import LoanSim
print("x")
