from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=180); at.run(); at.switch_page("pages/training.py").run()
print("exc", [e.value for e in at.exception][:2], "err", [e.value for e in at.error], "charts", len(at.get("plotly_chart")))
import time; t=time.time()
at.button[0].click().run() if False else None
