"""The incident metrics view: time to detect, mitigate, resolve and publish of every incident."""
