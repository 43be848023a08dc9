#!python
# Counts each visitor's visits to this profile, remembering when they last came.
# State lives in the owner's /data directory, one JSON file for all visitors.
import json
import time
import api

owner = api.call('get_self')
visitor = api.call('get_visitor')
state_file = '/data/visits.json'

try:
    with open(state_file) as f:
        visits = json.load(f)
except FileNotFoundError:
    visits = {}

key = owner + '\n' + visitor   # newline cannot appear in a username
count, last = visits.get(key, [0, 'never'])

print('Hello, <i>', visitor, '</i>')
print('<p>Your visit count:', count)
print('<p>Your last visit:', last)

visits[key] = [count + 1, time.time()]
with open(state_file, 'w') as f:
    json.dump(visits, f)
