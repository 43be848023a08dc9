#!python
# Greets whoever is looking, and shows the server's clock.
import time
import api

print('Hello, <i>', api.call('get_visitor'), '</i>')
print('<p>Current time:', time.time())
