# a pool of forked workers (the fork start method: nothing is re-imported,
# so it runs the same as a script and in a session)
import multiprocessing as mp


def square(x):
    return x * x


with mp.get_context("fork").Pool(4) as pool:
    r = pool.map(square, range(100))
print("@@ pool sum", sum(r))
print("@@ done")
