from django.dispatch import Signal

# Sent after bulk writes that bypass post_save (imports, the demo loader). `sync=True` asks listeners to finish
# their work before returning (a command that exits right after).
initiatives_changed = Signal()
