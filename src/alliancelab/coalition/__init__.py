"""The coalition-building market of Henke's "Buying Allies": typology, prices, cheapest coalition."""
