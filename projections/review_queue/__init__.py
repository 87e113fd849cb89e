"""The `review_queue` read model: postmortems awaiting review, and who has approved them."""
