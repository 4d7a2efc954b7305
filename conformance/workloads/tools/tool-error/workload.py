try:
    wl_fail(reason="no such record")
    print("@@ no error")
except Exception as e:
    print("@@ caught", "refused: no such record" in str(e))
print("@@ after the error", wl_stats(values=[1, 2], label="again")["sum"])
print("@@ done")
